package dev.ringmaster.driver.libvirt;

/** Generates libvirt storage volume XML. Pure and deterministic. */
final class VolumeXml {
  private VolumeXml() {}

  static String of(String name, long capacityBytes, String format) {
    String target = format == null ? "" : "<target><format type='" + format + "'/></target>";
    return "<volume><name>"
        + Xml.escape(name)
        + "</name><capacity unit='bytes'>"
        + capacityBytes
        + "</capacity><allocation unit='bytes'>0</allocation>"
        + target
        + "</volume>";
  }
}
