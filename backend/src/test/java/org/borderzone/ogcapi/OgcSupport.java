package org.borderzone.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.borderzone.support.IntegrationTest.Response;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Checks shared by the OGC API tests: OpenAPI validation of answers and the strict reading of HTML pages. */
final class OgcSupport {

  static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
  static final String EPSG4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";
  static final String EPSG32648 = "http://www.opengis.net/def/crs/EPSG/0/32648";
  static final String EPSG3857 = "http://www.opengis.net/def/crs/EPSG/0/3857";

  private OgcSupport() {}

  /** A validator of responses against the server's own OpenAPI 3.0 document (its text as served). */
  static OpenApiInteractionValidator validator(String openApiJson) {
    return OpenApiInteractionValidator.createForInlineApiSpecification(openApiJson)
        .withBasePathOverride("/ogc").build();
  }

  /** Validates one answer to GET {@code url}; returns the messages (empty when valid). */
  static List<String> validate(OpenApiInteractionValidator v, String method, String url, Response r) {
    URI u = URI.create(url);
    SimpleResponse.Builder b = SimpleResponse.Builder.status(r.status()).withBody(r.body());
    if (!r.contentType().isEmpty()) {
      b.withContentType(r.contentType());
    }
    ValidationReport report = v.validateResponse(u.getPath(), Request.Method.valueOf(method), b.build());
    List<String> out = new ArrayList<>();
    report.getMessages().forEach(m -> out.add(m.getKey() + ": " + m.getMessage()));
    return out;
  }

  /**
   * Reads an HTML page with an XML parser (every element must be closed and nested: stricter than HTML5) and
   * checks it has an h1, no script, and only absolute links; returns the links as {href, type} (type: the
   * anchor's type attribute, text/html without one).
   */
  static List<String[]> strictHtml(String html) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setExpandEntityReferences(false);
      Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
      assertThat(d.getElementsByTagName("h1").getLength()).as("an h1").isGreaterThan(0);
      assertThat(d.getElementsByTagName("script").getLength()).as("no script").isZero();
      assertThat(d.getElementsByTagName("title").getLength()).as("a title").isEqualTo(1);
      assertThat(d.getDocumentElement().getAttribute("lang")).isEqualTo("en");
      NodeList as = d.getElementsByTagName("a");
      List<String[]> hrefs = new ArrayList<>();
      for (int i = 0; i < as.getLength(); i++) {
        Element a = (Element) as.item(i);
        String href = a.getAttribute("href");
        assertThat(href).as("absolute link").startsWith("http");
        hrefs.add(new String[] {href, a.getAttribute("type").isEmpty() ? "text/html" : a.getAttribute("type")});
      }
      assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("javascript:")
          .doesNotContainIgnoringCase(" on" + "click=");
      return hrefs;
    } catch (Exception e) {
      throw new AssertionError("not well-formed HTML: " + e.getMessage() + "\n"
          + html.substring(0, Math.min(500, html.length())), e);
    }
  }
}
