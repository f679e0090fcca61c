package org.borderzone.segments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.borderzone.support.Fixtures;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/segments} from memory per layer version: an ETag, 304 for If-None-Match with it, and a status
 * change visible at once (the next answer has a new ETag and the new status, old ETags no longer match).
 */
class SegmentCacheIT extends IntegrationTest {

  private Response getWith(String path, String ifNoneMatch) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return send(b);
  }

  private String statusIn(JsonNode fc, int id) {
    for (JsonNode f : fc.get("features")) {
      if (f.get("id").asInt() == id) {
        return f.get("properties").get("status").asString();
      }
    }
    throw new AssertionError("segment " + id + " not in the collection");
  }

  @Test
  void anUnchangedLayerAnswers304AndAStatusChangeANewDocumentAtOnce() {
    Response first = getWith("/api/segments", null);
    assertThat(first.status()).isEqualTo(200);
    String etag = first.raw().headers().firstValue("ETag").orElseThrow();
    assertThat(first.raw().headers().firstValue("Cache-Control").orElseThrow()).contains("no-cache");
    assertThat(first.json().get("numberReturned").asInt()).isGreaterThan(0);

    Response again = getWith("/api/segments", etag);
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.raw().headers().firstValue("ETag")).hasValue(etag);
    // a filtered query is another document with another ETag
    Response filtered = getWith("/api/segments?status=PENDING", etag);
    assertThat(filtered.status()).isEqualTo(200);
    assertThat(filtered.raw().headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);

    int id = Fixtures.segmentFromEast(jdbc, 2);
    JsonNode props = get("/api/segments/" + id).json().get("properties");
    String target = "DISPUTED".equals(props.get("status").asString()) ? "SURVEYED" : "DISPUTED";
    Response changed = post("/api/segments/" + id + "/status",
        "{\"status\":\"" + target + "\",\"version\":" + props.get("version").asInt() + ",\"reason\":\"cache test\"}");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);

    Response after = getWith("/api/segments", etag);
    assertThat(after.status()).as("the old ETag no longer matches").isEqualTo(200);
    String newTag = after.raw().headers().firstValue("ETag").orElseThrow();
    assertThat(newTag).isNotEqualTo(etag);
    assertThat(statusIn(after.json(), id)).isEqualTo(target);
    assertThat(getWith("/api/segments", newTag).status()).isEqualTo(304);
    // the cached copy is the database's document: the same as building it again
    assertThat(after.body()).isEqualTo(jdbc.sql(SegmentSql.COLLECTION).param("minLon", null).param("minLat", null)
        .param("maxLon", null).param("maxLat", null).param("status", null).param("sectorId", null)
        .query(String.class).single());
  }
}
