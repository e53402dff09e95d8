package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.Ownership;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What observe needs from a network's persistent XML; {@code owner} null when unmarked. */
record ParsedNetwork(String bridge, Ownership owner) {
  static ParsedNetwork parse(String xml) {
    Document doc = Xml.parse(xml);
    Element bridge = Xml.first(doc.getDocumentElement(), "bridge");
    return new ParsedNetwork(
        bridge == null || !bridge.hasAttribute("name") ? null : bridge.getAttribute("name"),
        Xml.ownership(doc));
  }
}
