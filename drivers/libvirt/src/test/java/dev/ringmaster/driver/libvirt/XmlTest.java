package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XmlTest {
  @Test
  void theReusedParserStaysHardenedAndNamespaceAwareAfterAFailure() {
    String entity =
        "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><domain><name>&x;</name></domain>";
    assertThatThrownBy(() -> Xml.parse(entity))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not parse");
    assertThatThrownBy(() -> Xml.parse("<domain><name>")).isInstanceOf(IllegalStateException.class);

    var doc =
        Xml.parse(
            "<domain><metadata><r:owner xmlns:r=\"https://ringmaster.dev/ns\" env=\"e\"/></metadata>"
                + "<name>myapp00</name></domain>");
    assertThat(Xml.text(doc.getDocumentElement(), "name")).isEqualTo("myapp00");
    assertThat(doc.getElementsByTagNameNS("https://ringmaster.dev/ns", "owner").getLength())
        .isEqualTo(1);
    assertThatThrownBy(() -> Xml.parse(entity)).isInstanceOf(IllegalStateException.class);
  }
}
