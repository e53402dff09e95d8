package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.NetworkResource;

/**
 * Generates libvirt network XML: an isolated network (no forward, no IP, hence no dnsmasq) whose
 * bridge libvirt creates under the given name, with the ownership mark. Pure and deterministic.
 */
final class NetworkXml {
  private NetworkXml() {}

  static String of(NetworkResource n) {
    return "<network>\n  <name>"
        + Xml.escape(n.name())
        + "</name>\n  "
        + Xml.ownershipElement(n.ownership())
        + "\n  <bridge name='"
        + Xml.escape(n.bridge())
        + "' stp='off'/>\n</network>\n";
  }
}
