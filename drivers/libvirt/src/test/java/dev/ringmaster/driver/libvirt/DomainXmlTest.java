package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.Ownership;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.Size;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DomainXmlTest {
  private static final DomainResource DOMAIN =
      new DomainResource(
          "kvm01",
          "myapp00",
          UUID.fromString("6f1c7c39-1f9b-3c55-9d0a-2b8f6a1e4c11"),
          "myapp-prod",
          Size.gib(4),
          2,
          Arrays.stream(DiskRole.values())
              .map(r -> new DomainResource.Disk(r, "vms", r.volumeName("myapp00")))
              .toList(),
          List.of(
              new DomainResource.Nic(NetworkKind.FE, "ringmaster-kvm01-fe", "02:00:00:02:00:01"),
              new DomainResource.Nic(NetworkKind.SRV, "ringmaster-kvm01-srv", "02:00:00:03:00:01")),
          true,
          "abc\"<&");

  @Test
  void generatedXmlParsesBackToTheResource() {
    String xml = DomainXml.of(DOMAIN, hypervisor(null), "qcow2");
    ParsedDomain parsed = ParsedDomain.parse(xml);
    assertThat(parsed.memory()).isEqualTo(Size.gib(4));
    assertThat(parsed.cores()).isEqualTo(2);
    assertThat(parsed.owner()).isEqualTo(new Ownership("kvm01", "myapp-prod", "abc\"<&"));
    assertThat(parsed.disks())
        .containsExactly(
            new ObservedDomain.Disk("vda", "myapp00-root"),
            new ObservedDomain.Disk("vdb", "myapp00-swap"),
            new ObservedDomain.Disk("vdc", "myapp00-tmp"),
            new ObservedDomain.Disk("vdd", "myapp00-seed"));
    assertThat(xml)
        .contains(
            "<driver name='qemu' type='raw'/>\n"
                + "      <source pool='vms' volume='myapp00-seed'/>\n"
                + "      <target dev='vdd' bus='virtio'/>\n"
                + "      <readonly/>");
    assertThat(parsed.nics())
        .containsExactly(
            new ObservedDomain.Nic("ringmaster-kvm01-fe", "02:00:00:02:00:01"),
            new ObservedDomain.Nic("ringmaster-kvm01-srv", "02:00:00:03:00:01"));
  }

  @Test
  void shapeFollowsThePlatformRules() {
    String xml = DomainXml.of(DOMAIN, hypervisor(null), "qcow2");
    assertThat(xml)
        .startsWith("<domain type='qemu'>")
        .contains("<uuid>6f1c7c39-1f9b-3c55-9d0a-2b8f6a1e4c11</uuid>")
        .contains("<features><acpi/></features>")
        .contains("<on_poweroff>destroy</on_poweroff>")
        .contains("<boot dev='hd'/>")
        .contains("<model type='virtio'/>")
        .contains("<driver name='qemu' type='qcow2'/>")
        .contains("<target type='virtio' name='org.qemu.guest_agent.0'/>")
        .doesNotContain("<graphics");
  }

  @Test
  void directBootReplacesBootFromDisk() {
    String xml =
        DomainXml.of(
            DOMAIN,
            hypervisor(new Hypervisor.DirectBoot("/boot/k", "/boot/i", "console=ttyS0")),
            "raw");
    assertThat(xml)
        .contains("<kernel>/boot/k</kernel>", "<initrd>/boot/i</initrd>")
        .contains("<cmdline>console=ttyS0</cmdline>")
        .doesNotContain("<boot dev=");
  }

  @Test
  void sameResourceGivesSameXml() {
    assertThat(DomainXml.of(DOMAIN, hypervisor(null), "qcow2"))
        .isEqualTo(DomainXml.of(DOMAIN, hypervisor(null), "qcow2"));
  }

  private static Hypervisor hypervisor(Hypervisor.DirectBoot boot) {
    return TestHypervisors.of("kvm01", "test:///default", "vms", boot);
  }
}
