package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** {@link Markup#escape}: read back by the JDK's XML parser, text and attribute come out as they went in. */
class MarkupTest {

  private static Element parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
  }

  @Test
  void textAndAttributesSurviveAnXmlParser() throws Exception {
    String text = "<script>alert('x')</script> & \"quoted\" — ព្រំដែន ຊາຍແດນ\ttab\nline";
    // an attribute's tabs and newlines are spaces to any XML parser (attribute-value normalisation)
    String attribute = text.replace('\t', ' ').replace('\n', ' ');
    Element e = parse("<p title=\"" + Markup.escape(text) + "\" alt='" + Markup.escape(text) + "'>"
        + Markup.escape(text) + "</p>");
    assertThat(e.getTextContent()).isEqualTo(text);
    assertThat(e.getAttribute("title")).isEqualTo(attribute);
    assertThat(e.getAttribute("alt")).isEqualTo(attribute);
    assertThat(Markup.escape(text)).doesNotContain("<", ">", "'", "\"");
  }

  @Test
  void controlsXmlForbidsBecomeSpacesAndNullIsEmpty() throws Exception {
    String text = "a\u0000b\u0007c\u001Fd\re";
    assertThat(Markup.escape(text)).isEqualTo("a b c d\re");
    assertThat(parse("<p>" + Markup.escape(text) + "</p>").getTextContent()).isEqualTo("a b c d\ne");
    assertThat(Markup.escape(null)).isEmpty();
  }
}
