package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Set;
import java.util.TreeSet;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Item 7 of issue 9: application/json wherever geo+json is produced, and {@code ?f=} in place of Accept. */
class ContentNegotiationIT extends IntegrationTest {

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  /** Every mapping (found through the handler mapping, not a list) that produces geo+json produces json too. */
  @Test
  void everyGeoJsonMappingAlsoProducesJson() {
    Set<String> geo = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      Set<MediaType> types = info.getProducesCondition().getProducibleMediaTypes();
      if (types.stream().anyMatch(t -> t.toString().equals(GeoJsonMedia.GEO_JSON))) {
        geo.add(info.toString());
        if (types.stream().noneMatch(MediaType.APPLICATION_JSON::equalsTypeAndSubtype)) {
          missing.add(info.toString());
        }
      }
    }
    assertThat(geo).hasSizeGreaterThan(20);
    assertThat(missing).isEmpty();
  }

  /** The case: POST /api/incidents with Accept: application/json answered 406; now 201, labelled json. */
  @Test
  void postIncidentAcceptsPlainJson() {
    String body = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.02,14.02]},"
        + "\"properties\":{\"type\":\"OTHER\",\"severity\":1,\"occurredAt\":\"2026-03-01T10:00:00Z\","
        + "\"source\":\"negotiation-it\",\"releasability\":\"SHARED\"}}";
    Response r = as("kh-planner").send(HttpRequest.newBuilder(URI.create(url("/api/incidents")))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.json().get("type").asString()).isEqualTo("Feature");
    Response geo = as("kh-planner").send(HttpRequest.newBuilder(URI.create(url("/api/incidents")))
        .header("Content-Type", "application/json").header("Accept", "application/geo+json")
        .POST(HttpRequest.BodyPublishers.ofString(body.replace("negotiation-it", "negotiation-it-2"))));
    assertThat(geo.status()).isEqualTo(201);
    assertThat(geo.contentType()).startsWith("application/geo+json");
  }

  @Test
  void fSelectsTheMediaType() {
    assertThat(get("/api/segments?f=json").contentType()).startsWith("application/json");
    assertThat(get("/api/segments?f=geojson").contentType()).startsWith("application/geo+json");
    assertThat(get("/api/segments", "application/json").contentType()).startsWith("application/json");
    assertThat(get("/api/incidents/grid?zoom=6&f=json").contentType()).startsWith("application/json");
    assertThat(get("/api/incidents/grid?zoom=6").contentType()).startsWith("application/geo+json");
    assertThat(get("/api/exports/segments?f=kml").contentType()).startsWith(MediaFormats.KML);
    // f wins over Accept
    assertThat(get("/api/exports/segments?f=csv", "application/geo+json").contentType()).startsWith("text/csv");
    assertThat(get("/api/exports/segments", "text/csv").contentType()).startsWith("text/csv");
  }

  @Test
  void unknownFIsA400NamingF() {
    for (String path : new String[] {"/api/segments?f=xml", "/api/incidents?f=", "/api/exports/pillars?f=shp",
        "/api/segments?f=json&f=html"}) {
      Response r = get(path);
      assertThat(r.status()).as(path + " " + r.body()).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("field").asString()).isEqualTo("f");
    }
    // a known f that the endpoint does not produce: 406 problem+json (naming Accept), not a bare 406
    Response r = get("/api/segments?f=kml");
    assertThat(r.status()).isEqualTo(406);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }
}
