package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.model.Hypervisor;

/**
 * Generates libvirt domain XML from a {@link DomainResource}: ACPI on, virtio disks from pool
 * volumes (the first-boot seed raw and read-only), two virtio interfaces on libvirt networks, a
 * serial console logged to {@code /var/log/libvirt/qemu/<name>-serial.log}, a QEMU guest agent
 * channel ({@link #GUEST_AGENT_CHANNEL}), {@code destroy} on power off, no graphics, optional
 * direct kernel boot, and the ownership mark. Pure and deterministic.
 */
final class DomainXml {
  /** The virtio-serial port the QEMU guest agent listens on; libvirt picks the host socket. */
  static final String GUEST_AGENT_CHANNEL = "org.qemu.guest_agent.0";

  private DomainXml() {}

  static String of(DomainResource d, Hypervisor hv, String diskFormat) {
    StringBuilder x = new StringBuilder(2048);
    x.append("<domain type='").append(Xml.escape(hv.domainType())).append("'>\n");
    x.append("  <name>").append(Xml.escape(d.name())).append("</name>\n");
    x.append("  <uuid>").append(d.uuid()).append("</uuid>\n");
    x.append("  ").append(Xml.ownershipElement(d.ownership())).append('\n');
    x.append("  <memory unit='KiB'>").append(d.memory().bytes() / 1024).append("</memory>\n");
    x.append("  <vcpu>").append(d.cores()).append("</vcpu>\n");
    appendOs(x, hv.directBoot());
    x.append("  <features><acpi/></features>\n");
    x.append("  <on_poweroff>destroy</on_poweroff>\n");
    x.append("  <on_reboot>restart</on_reboot>\n");
    x.append("  <on_crash>destroy</on_crash>\n");
    x.append("  <devices>\n");
    appendDisks(x, d, diskFormat);
    appendNics(x, d);
    appendConsole(x, d.name());
    x.append("    <channel type='unix'><target type='virtio' name='")
        .append(GUEST_AGENT_CHANNEL)
        .append("'/></channel>\n");
    x.append("  </devices>\n</domain>\n");
    return x.toString();
  }

  private static void appendOs(StringBuilder x, Hypervisor.DirectBoot boot) {
    x.append("  <os>\n    <type arch='x86_64'>hvm</type>\n");
    if (boot == null) {
      x.append("    <boot dev='hd'/>\n");
    } else {
      x.append("    <kernel>").append(Xml.escape(boot.kernel())).append("</kernel>\n");
      if (boot.initrd() != null) {
        x.append("    <initrd>").append(Xml.escape(boot.initrd())).append("</initrd>\n");
      }
      if (boot.cmdline() != null) {
        x.append("    <cmdline>").append(Xml.escape(boot.cmdline())).append("</cmdline>\n");
      }
    }
    x.append("  </os>\n");
  }

  private static void appendDisks(StringBuilder x, DomainResource d, String format) {
    for (DomainResource.Disk disk : d.disks()) {
      x.append("    <disk type='volume' device='disk'>\n");
      String type = disk.role() == DiskRole.SEED ? "raw" : format;
      x.append("      <driver name='qemu' type='").append(type).append("'/>\n");
      x.append("      <source pool='")
          .append(Xml.escape(disk.pool()))
          .append("' volume='")
          .append(Xml.escape(disk.volume()))
          .append("'/>\n");
      x.append("      <target dev='").append(disk.role().target()).append("' bus='virtio'/>\n");
      if (disk.role().readOnly()) {
        x.append("      <readonly/>\n");
      }
      x.append("    </disk>\n");
    }
  }

  private static void appendNics(StringBuilder x, DomainResource d) {
    for (DomainResource.Nic nic : d.nics()) {
      x.append("    <interface type='network'>\n");
      x.append("      <mac address='").append(Xml.escape(nic.mac())).append("'/>\n");
      x.append("      <source network='").append(Xml.escape(nic.network())).append("'/>\n");
      x.append("      <model type='virtio'/>\n");
      x.append("    </interface>\n");
    }
  }

  private static void appendConsole(StringBuilder x, String name) {
    x.append("    <serial type='pty'>\n");
    x.append("      <log file='/var/log/libvirt/qemu/")
        .append(Xml.escape(name))
        .append("-serial.log' append='off'/>\n");
    x.append("      <target port='0'/>\n    </serial>\n");
    x.append("    <console type='pty'><target type='serial' port='0'/></console>\n");
  }
}
