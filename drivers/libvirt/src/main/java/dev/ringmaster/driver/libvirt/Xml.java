package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.Ownership;
import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** Small XML helpers: escaping for generation, a hardened namespace-aware parser for reading. */
final class Xml {
  private static final String PREFIX = "ringmaster";

  private Xml() {}

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }

  static String ownershipElement(Ownership owner) {
    return "<metadata><"
        + PREFIX
        + ":ownership xmlns:"
        + PREFIX
        + "=\""
        + Ownership.NAMESPACE
        + "\" host=\""
        + escape(owner.host())
        + "\" environment=\""
        + escape(owner.environment())
        + "\" specHash=\""
        + escape(owner.specHash())
        + "\"/></metadata>";
  }

  /**
   * One parser per thread, reset before each use: finding the factory (a service lookup that scans
   * the class path) and configuring a new parser cost more than parsing a domain's XML, and the
   * first observation of a hypervisor parses every domain.
   */
  private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(Xml::builder);

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      return f.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no namespace-aware XML parser with secure processing", e);
    }
  }

  static Document parse(String xml) {
    DocumentBuilder b = BUILDER.get();
    try {
      return b.parse(new InputSource(new StringReader(xml)));
    } catch (SAXException | IOException e) {
      throw new IllegalStateException("libvirt returned XML that does not parse", e);
    } finally {
      b.reset();
    }
  }

  /** The ownership mark in a domain or network document; null when it carries none. */
  static Ownership ownership(Document doc) {
    NodeList marks = doc.getElementsByTagNameNS(Ownership.NAMESPACE, "ownership");
    if (marks.getLength() == 0) {
      return null;
    }
    Element e = (Element) marks.item(0);
    return new Ownership(
        e.getAttribute("host"), e.getAttribute("environment"), e.getAttribute("specHash"));
  }

  /** The first direct or nested element with this tag name; null when absent. */
  static Element first(Element parent, String tag) {
    NodeList list = parent.getElementsByTagName(tag);
    return list.getLength() == 0 ? null : (Element) list.item(0);
  }

  static String text(Element parent, String tag) {
    Element e = first(parent, tag);
    return e == null ? "" : e.getTextContent().trim();
  }
}
