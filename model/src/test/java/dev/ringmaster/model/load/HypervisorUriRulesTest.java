package dev.ringmaster.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.validate.AppliedRootDisks;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which hypervisor URI forms are refused (they skip the check of the host's identity, or set what
 * Ringmaster sets), which draw a warning (the check is not Ringmaster's pin), and the rules of
 * {@code hostKey}.
 */
class HypervisorUriRulesTest {
  private static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEn226+daYQ9ixP1K/TCBYPAwrBozB0hcQnAaRKp3EHP";

  private static List<String> diagnostics(String uri, String hostKey) {
    String doc =
        """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: kvm02
        uri: "%s"
        %sstoragePool: vms
        bridges: { fe: br-fe, srv: br-srv }
        capacity: { memory: 64GiB, cores: 16 }
        """
            .formatted(uri, hostKey == null ? "" : "hostKey: \"" + hostKey + "\"\n");
    return FleetRepository.load(
            List.of(SourceFile.of("hosts/kvm02.yaml", doc)), AppliedRootDisks.NONE)
        .diagnostics()
        .stream()
        .map(Diagnostic::toString)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "qemu:///system|",
        "test:///default|",
        "qemu+tls://kvm02/system|",
        "qemu+libssh://root@kvm02/system|",
        "qemu+libssh://root@kvm02:2222/system?socket=/run/libvirt/libvirt-sock|",
        "qemu+tls://kvm02/system?no_verify=1"
            + "|hosts/kvm02.yaml:4:6: uri: no_verify=1 turns off the check of the host's identity",
        "qemu+libssh://root@kvm02/system?no_verify=1"
            + "|hosts/kvm02.yaml:4:6: uri: no_verify=1 turns off the check of the host's identity",
        "qemu+tcp://kvm02/system"
            + "|hosts/kvm02.yaml:4:6: uri: qemu+tcp:// neither encrypts nor checks the host's"
            + " identity",
        "qemu+libssh://root@kvm02/system?known_hosts=/root/.ssh/known_hosts"
            + "|hosts/kvm02.yaml:4:6: uri: known_hosts= is set by Ringmaster on qemu+libssh:// URIs",
        "qemu+libssh://root@kvm02/system?keyfile=/root/.ssh/id_ed25519"
            + "|hosts/kvm02.yaml:4:6: uri: keyfile= is set by Ringmaster on qemu+libssh:// URIs",
        "qemu+libssh2://root@kvm02/system?known_hosts_verify=ignore"
            + "|hosts/kvm02.yaml:4:6: uri: known_hosts_verify=ignore accepts host keys that are not"
            + " in known_hosts",
        "qemu+ssh://root@kvm02/system"
            + "|hosts/kvm02.yaml:4:6: warning: uri: qemu+ssh:// checks the host key only against"
            + " the OpenSSH configuration of the user running Ringmaster",
        "qemu+libssh2://root@kvm02/system"
            + "|hosts/kvm02.yaml:4:6: warning: uri: qemu+libssh2:// checks the host key only",
      })
  void refusesFormsThatSkipTheHostCheckAndWarnsAboutUnpinnedOnes(String uri, String expected) {
    List<String> found = diagnostics(uri, null);
    if (expected == null) {
      assertThat(found).isEmpty();
    } else {
      assertThat(found).singleElement().asString().startsWith(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "qemu+libssh://root@kvm02/system|" + KEY + "|",
        "qemu+libssh://root@kvm02/system|" + KEY + " root@kvm02|",
        "qemu+libssh://root@kvm02/system|ssh-ed25519 nope"
            + "|hosts/kvm02.yaml:5:10: hostKey: \"ssh-ed25519 nope\" is not an SSH public key",
        "qemu+ssh://root@kvm02/system|"
            + KEY
            + "|hosts/kvm02.yaml:5:10: hostKey: hostKey is checked only for qemu+libssh:// URIs",
      })
  void hostKeyIsAPublicKeyAndOnlyForLibssh(String uri, String key, String expected) {
    List<String> found =
        diagnostics(uri, key).stream().filter(d -> !d.contains(": warning: ")).toList();
    if (expected == null) {
      assertThat(found).isEmpty();
    } else {
      assertThat(found).singleElement().asString().startsWith(expected);
    }
  }

  @org.junit.jupiter.api.Test
  void thePinnedKeyIsKeptWithoutItsComment() {
    var result =
        FleetRepository.load(
            List.of(
                SourceFile.of(
                    "hosts/kvm02.yaml",
                    """
                    apiVersion: ringmaster/v1
                    kind: Hypervisor
                    name: kvm02
                    uri: qemu+libssh://root@kvm02/system
                    hostKey: "%s root@kvm02"
                    storagePool: vms
                    bridges: { fe: br-fe, srv: br-srv }
                    capacity: { memory: 64GiB, cores: 16 }
                    """
                        .formatted(KEY))),
            AppliedRootDisks.NONE);
    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.fleet().hypervisors().get(0).hostKey()).isEqualTo(KEY);
  }
}
