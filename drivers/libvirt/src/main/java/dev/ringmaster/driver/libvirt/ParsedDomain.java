package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.Ownership;
import dev.ringmaster.model.Size;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What observe needs from a domain's persistent XML; {@code owner} null when unmarked. */
record ParsedDomain(
    Size memory,
    int cores,
    List<ObservedDomain.Disk> disks,
    List<ObservedDomain.Nic> nics,
    Ownership owner) {
  ParsedDomain {
    disks = List.copyOf(disks);
    nics = List.copyOf(nics);
  }

  static ParsedDomain parse(String xml) {
    Document doc = Xml.parse(xml);
    Element root = doc.getDocumentElement();
    return new ParsedDomain(memory(root), cores(root), disks(root), nics(root), Xml.ownership(doc));
  }

  private static Size memory(Element root) {
    Element m = Xml.first(root, "memory");
    long value = Long.parseLong(m.getTextContent().trim());
    String unit = m.getAttribute("unit");
    return new Size(
        switch (unit) {
          case "b", "bytes" -> value;
          case "M", "MiB" -> value * Size.MIB;
          case "G", "GiB" -> value * Size.GIB;
          default -> value * 1024;
        });
  }

  private static int cores(Element root) {
    String text = Xml.text(root, "vcpu");
    return text.isEmpty() ? 0 : Integer.parseInt(text);
  }

  private static List<ObservedDomain.Disk> disks(Element root) {
    List<ObservedDomain.Disk> out = new ArrayList<>();
    NodeList list = root.getElementsByTagName("disk");
    for (int i = 0; i < list.getLength(); i++) {
      Element disk = (Element) list.item(i);
      Element source = Xml.first(disk, "source");
      Element target = Xml.first(disk, "target");
      if (target != null) {
        out.add(new ObservedDomain.Disk(target.getAttribute("dev"), sourceName(source)));
      }
    }
    return out;
  }

  private static String sourceName(Element source) {
    if (source == null) {
      return "";
    }
    for (String attr : List.of("volume", "file", "dev", "name")) {
      if (source.hasAttribute(attr)) {
        return source.getAttribute(attr);
      }
    }
    return "";
  }

  private static List<ObservedDomain.Nic> nics(Element root) {
    List<ObservedDomain.Nic> out = new ArrayList<>();
    NodeList list = root.getElementsByTagName("interface");
    for (int i = 0; i < list.getLength(); i++) {
      Element nic = (Element) list.item(i);
      Element source = Xml.first(nic, "source");
      Element mac = Xml.first(nic, "mac");
      String network = source == null ? "" : source.getAttribute("network");
      out.add(new ObservedDomain.Nic(network, mac == null ? "" : mac.getAttribute("address")));
    }
    return out;
  }
}
