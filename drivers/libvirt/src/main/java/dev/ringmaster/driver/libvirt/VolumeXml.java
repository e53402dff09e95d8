package dev.ringmaster.driver.libvirt;

/**
 * Generates libvirt storage volume XML. A qcow2 volume is qcow2 version 3 ({@code compat 1.1}, what
 * {@code qemu-img} makes by default; libvirt's storage API would make version 2), the version that
 * can keep the dirty bitmaps of incremental backups. Pure and deterministic.
 */
final class VolumeXml {
  private VolumeXml() {}

  static String of(String name, long capacityBytes, String format) {
    String target =
        format == null
            ? ""
            : "<target><format type='"
                + format
                + "'/>"
                + ("qcow2".equals(format) ? "<compat>1.1</compat>" : "")
                + "</target>";
    return "<volume><name>"
        + Xml.escape(name)
        + "</name><capacity unit='bytes'>"
        + capacityBytes
        + "</capacity><allocation unit='bytes'>0</allocation>"
        + target
        + "</volume>";
  }
}
