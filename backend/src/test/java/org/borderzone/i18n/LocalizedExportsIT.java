package org.borderzone.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Exports for people are in the reader's language (docs/I18N.md): KML names, labels ({@code Data/displayName})
 * and balloon dates, GPX names and descriptions with ICU numbers; the machine parts stay as they are (KML
 * {@code Data name}, ISO times, CSV header row), so re-imports and scripts keep working in every language.
 */
class LocalizedExportsIT extends IntegrationTest {

  private Response asPlanner(String path, String accept, String language) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Accept", accept);
    if (language != null) {
      b.header("Accept-Language", language);
    }
    return as("kh-planner").send(b);
  }

  @Test
  void kmlNamesAndLabelsAreKhmerAndTheDataStaysMachineReadable() {
    Response km = asPlanner("/api/exports/incidents?f=kml&lang=km&from=2026-01-01&to=2026-03-01", "*/*", null);
    assertThat(km.status()).as(km.body()).isEqualTo(200);
    String kml = km.body();
    assertThat(kml).contains("<Document><name>ឧប្បត្តិហេតុ ពី Borderzone</name>");
    assertThat(kml).contains("<Data name=\"type\"><displayName>ប្រភេទ</displayName><value>");
    assertThat(kml).contains("<Data name=\"severity\"><displayName>កម្រិតធ្ងន់ធ្ងរ</displayName>");
    assertThat(kml).containsPattern("<description>[^<]*កើតឡើងនៅ: \\d{1,2} \\S+ 20\\d\\d, \\d{1,2}:\\d\\d [AP]M");
    assertThat(kml).containsPattern("<Data name=\"occurredAt\"><displayName>[^<]+</displayName><value>20\\d\\d-\\d\\d-\\d\\dT");
    // (displayName inside Data is KML 2.2: ExportIT validates every dataset's KML against ogckml22.xsd)

    Response en = asPlanner("/api/exports/segments?f=kml", "*/*", "en");
    assertThat(en.body()).contains("<Document><name>Border segments (Borderzone)</name>")
        .contains("<Data name=\"lengthM\"><displayName>Length (m)</displayName>");
  }

  @Test
  void csvKeepsTheMachineColumnNamesInEveryLanguage() {
    Response km = asPlanner("/api/exports/pillars?f=csv&bom=false", "*/*", "km");
    Response lo = asPlanner("/api/exports/pillars?f=csv&bom=false&lang=lo", "*/*", null);
    assertThat(km.status()).isEqualTo(200);
    String header = km.body().lines().findFirst().orElseThrow();
    assertThat(header).startsWith("id,number,segmentCode,status");
    assertThat(lo.body().lines().findFirst().orElseThrow()).isEqualTo(header);
  }

  @Test
  void gpxNamesAndNumbersAreLao() throws Exception {
    int base = jdbc.sql("select id from patrol_base where name = 'Trapeang Kriel international checkpoint'")
        .query(Integer.class).single();
    String body = "{\"mode\":\"point-to-point\",\"baseId\":" + base + ",\"end\":[105.9509, 13.9365],\"joint\":true}";
    Response lo = as("kh-planner").send(HttpRequest.newBuilder(URI.create(url("/api/routes?lang=lo")))
        .header("Content-Type", "application/json").header("Accept", "application/gpx+xml")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(lo.status()).as(lo.body()).isEqualTo(200);
    assertThat(lo.body()).contains("<name>ລາດຕະເວນ Borderzone (");
    // Lao decimal comma (ICU), the joint patrol named in Lao
    assertThat(lo.body()).containsPattern("<desc>[^<]*ລາດຕະເວນຮ່ວມ, \\d+,\\d ກມ.</desc>");
    assertThat(lo.body()).containsPattern("<desc>\\d+,\\d ກມ., \\d+ ນາທີ</desc>");
    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(getClass().getResource("/xsd/gpx-1.1.xsd")).newValidator()
        .validate(new StreamSource(new StringReader(lo.body())));
    Response en = as("kh-planner").send(HttpRequest.newBuilder(URI.create(url("/api/routes")))
        .header("Content-Type", "application/json").header("Accept", "application/gpx+xml")
        .header("Accept-Language", "en").POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(en.body()).containsPattern("<desc>[^<]*joint patrol, \\d+\\.\\d km</desc>");
  }

  @Test
  void placesCarryTheirNamesInTheThreeLanguagesWhereGeoNamesHasThem() {
    var places = get("/api/basemap/places").json().path("features");
    String pakse = null;
    String lumphat = null;
    int withKm = 0;
    for (var f : places) {
      var p = f.path("properties");
      if (p.path("name").asString().equals("Pakse")) {
        pakse = p.path("name_lo").asString();
      }
      if (p.path("name").asString().equals("Lumphat")) {
        lumphat = p.path("name_km").asString();
      }
      if (!p.path("name_km").isNull() && !p.path("name_km").isMissingNode()) {
        withKm++;
      }
      assertThat(p.path("name_en").asString()).isEqualTo(p.path("name").asString());
    }
    assertThat(pakse).isEqualTo("ປາກເຊ");
    assertThat(lumphat).isEqualTo("លំផាត់");
    assertThat(withKm).isEqualTo(3);
  }
}
