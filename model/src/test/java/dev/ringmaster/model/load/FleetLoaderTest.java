package dev.ringmaster.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.InterfaceAddresses;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.SshEndpoint;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.validate.AppliedRootDisks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetLoaderTest {
  private static final String FULL_HOST =
      """
      apiVersion: ringmaster/v1
      kind: Hypervisor
      name: kvm03
      uri: qemu+libssh://root@kvm03/system
      storagePool: vms
      baseImage: nixos-base.qcow2
      bridges: { fe: br-fe, srv: br-srv }
      capacity: { memory: 512GiB, cores: 96 }
      domainType: qemu
      directBoot: { kernel: /boot/vmlinuz, initrd: /boot/initrd, cmdline: console=ttyS0 }
      ssh: { host: 127.0.0.1, port: 2222, user: root }
      """;

  private static LoadResult load(SourceFile... files) {
    return FleetRepository.load(List.of(files), AppliedRootDisks.NONE);
  }

  private static List<String> texts(LoadResult result) {
    return result.diagnostics().stream().map(Diagnostic::toString).toList();
  }

  @Test
  void readsEveryHypervisorField() {
    Hypervisor h =
        load(SourceFile.of("hosts/kvm03.yaml", FULL_HOST))
            .fleet()
            .hypervisor("kvm03")
            .orElseThrow();
    assertThat(h.baseImage()).isEqualTo("nixos-base.qcow2");
    assertThat(h.domainType()).isEqualTo("qemu");
    assertThat(h.directBoot())
        .isEqualTo(new Hypervisor.DirectBoot("/boot/vmlinuz", "/boot/initrd", "console=ttyS0"));
    assertThat(h.ssh()).isEqualTo(new SshEndpoint("127.0.0.1", 2222, "root"));
  }

  @Test
  void readsSeveralDocumentsPerFileAndVmOverrides() {
    String env =
        TestRepo.ENVIRONMENT.replace(
            "    roles: [webgateway]\n",
            """
                roles: [webgateway]
                swap: 2GiB
                tmp: 8GiB
                online: false
                protected: true
                addresses: { fe: { ipv4: 203.0.113.40, ipv6: "2001:db8:2::40" } }
                ssh: { port: 2200 }
            """);
    LoadResult result =
        load(SourceFile.of("environments/all.yaml", TestRepo.HYPERVISOR + "---\n" + env));
    assertThat(result.diagnostics()).isEmpty();
    Environment e = result.fleet().environment("myapp-production").orElseThrow();
    VmSpec vm = e.vm("myapp00").orElseThrow();
    assertThat(vm.swap()).hasToString("2GiB");
    assertThat(vm.tmp()).hasToString("8GiB");
    assertThat(vm.online()).isFalse();
    assertThat(vm.protectedVm()).isTrue();
    assertThat(vm.addresses())
        .containsEntry(NetworkKind.FE, new InterfaceAddresses("203.0.113.40", "2001:db8:2::40"));
    assertThat(vm.ssh()).isEqualTo(new SshEndpoint(null, 2200, null));
    assertThat(result.fleet().hypervisor("kvm01")).isPresent();
  }

  @Test
  void treatsEmptyValuesAsAbsent() {
    String env =
        TestRepo.ENVIRONMENT
            .replaceFirst("users:\n(.|\n)*vms:", "users:\nserviceUsers:\nvms:")
            .replace("memory: 4GiB", "memory:");
    assertThat(
            texts(
                load(
                    SourceFile.of("hosts/kvm01.yaml", TestRepo.HYPERVISOR),
                    SourceFile.of(TestRepo.ENV, env))))
        .containsExactly(
            TestRepo.ENV + ":11:5: vms[0]: missing required key memory; add memory: ...");
  }

  @Test
  void ignoresFilesOutsideTheFleetDirectories() {
    LoadResult result =
        load(
            SourceFile.of("README.md", "not yaml"),
            SourceFile.of("ci/pipeline.yaml", "{{{"),
            SourceFile.of("hosts/notes.txt", "{{{"));
    assertThat(result.diagnostics()).isEmpty();
  }

  @Test
  void refusesUnsafePaths() {
    assertThat(texts(load(SourceFile.of("hosts/../../etc/x.yaml", FULL_HOST))))
        .containsExactly(
            "hosts/../../etc/x.yaml: the path hosts/../../etc/x.yaml is refused; use plain relative"
                + " paths without .. or empty segments");
  }

  @Test
  void refusesDotDotInLibvirtNames() {
    assertThat(
            texts(
                load(
                    SourceFile.of(
                        "hosts/kvm03.yaml",
                        FULL_HOST.replace("nixos-base.qcow2", "..nixos-base.qcow2")))))
        .singleElement()
        .asString()
        .startsWith(
            "hosts/kvm03.yaml:6:12: baseImage: \"..nixos-base.qcow2\" is not a valid name (it"
                + " contains \"..\";");
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] bytes = "name: \u00e9".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(texts(load(SourceFile.of("hosts/x.yaml", bytes))))
        .containsExactly("hosts/x.yaml: the file is not valid UTF-8; save it as UTF-8");
  }

  @Test
  void refusesADocumentThatIsNotAMapping() {
    assertThat(texts(load(SourceFile.of("hosts/x.yaml", "- a\n- b\n"))))
        .containsExactly(
            "hosts/x.yaml:1:1: a document must be a mapping, found a list; start it with"
                + " apiVersion: ringmaster/v1 and kind: Hypervisor or Environment");
  }

  @Test
  void reportsMissingRequiredKeysOfAHypervisor() {
    assertThat(
            texts(
                load(
                    SourceFile.of(
                        "hosts/x.yaml", "apiVersion: ringmaster/v1\nkind: Hypervisor\n"))))
        .containsExactly(
            "hosts/x.yaml:1:1: missing required key name; add name: ...",
            "hosts/x.yaml:1:1: missing required key uri; add uri: ...",
            "hosts/x.yaml:1:1: missing required key storagePool; add storagePool: ...",
            "hosts/x.yaml:1:1: missing required key bridges; add bridges: ...",
            "hosts/x.yaml:1:1: missing required key capacity; add capacity: ...");
  }

  @Test
  void reportsAnUnknownChoiceWithTheNearest() {
    assertThat(
            texts(
                load(
                    SourceFile.of(
                        "hosts/x.yaml", FULL_HOST.replace("domainType: qemu", "domainType: kvn")))))
        .containsExactly(
            "hosts/x.yaml:9:13: domainType: \"kvn\" is not one of kvm, qemu; write kvm");
  }

  @Test
  void capsTheNumberOfProblemsReportedPerFile() {
    StringBuilder yaml = new StringBuilder(FULL_HOST);
    for (int i = 0; i < 300; i++) {
      yaml.append("unknown").append(i).append(": x\n");
    }
    List<String> texts = texts(load(SourceFile.of("hosts/kvm03.yaml", yaml.toString())));
    assertThat(texts).hasSize(101);
    assertThat(texts)
        .contains(
            "hosts/kvm03.yaml: 200 more problems in this file are not shown; fix the ones shown first");
  }
}
