package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.borderzone.support.Fixtures;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Body limits by endpoint, not by suffix: each bulk import has its own configured limit, every other request
 * {@code borderzone.max-body-bytes} — including other paths that happen to end in {@code /import}. Over the
 * limit is a 413 problem+json naming {@code body}, whether Content-Length declares it or a chunked body
 * grows past it while being read; nothing is stored.
 */
class BodyLimitsIT extends IntegrationTest {

  @Autowired
  Environment env;

  private long limit(String key) {
    return env.getRequiredProperty("borderzone." + key, Long.class);
  }

  private String head(String method, String path, String contentType, String framing) {
    String auth = Base64.getEncoder().encodeToString((DEFAULT_USER + ":" + DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8));
    return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
        + "\r\nContent-Type: " + contentType + "\r\n" + framing + "\r\nConnection: close\r\n\r\n";
  }

  private long stored() {
    return Fixtures.count(jdbc, "incident") + Fixtures.count(jdbc, "network_edge")
        + Fixtures.count(jdbc, "incident_import_job") + Fixtures.count(jdbc, "audit_event");
  }

  private static void assertTooLarge(RawHttp.Reply r, long limit) {
    assertThat(r.status()).as(r.body()).isEqualTo(413);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("field").asString()).isEqualTo("body");
    assertThat(r.json().path("errors").get(0).path("message").asString().replaceAll("[^0-9]", ""))
        .contains(Long.toString(limit));
  }

  @ParameterizedTest(name = "{0} {1}: Content-Length over {3}")
  @CsvSource({
      "POST, /api/incidents/import, text/csv, max-incident-import-bytes",
      "POST, /api/network/import, application/json, max-network-import-bytes",
      "POST, /api/incidents, application/json, max-body-bytes",
      "POST, /api/segments/1/status, application/json, max-body-bytes",
      // not an import endpoint, though the path ends like one: the default limit
      "POST, /api/segments/1/import, application/json, max-body-bytes",
      "POST, /api/incidents/import/, text/csv, max-body-bytes",
      "PUT, /api/network/import, application/json, max-body-bytes"})
  void declaredLengthOverTheEndpointsLimitIs413(String method, String path, String type, String key) {
    long limit = limit(key);
    long before = stored();
    RawHttp.Reply r = RawHttp.send(port, head(method, path, type, "Content-Length: " + (limit + 1))
        .getBytes(StandardCharsets.ISO_8859_1), (out, answered) -> { });
    assertTooLarge(r, limit);
    assertThat(stored()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0} {1}: chunked body over {3}")
  @CsvSource({
      "POST, /api/incidents/import, text/csv, max-incident-import-bytes",
      "POST, /api/network/import, application/json, max-network-import-bytes",
      "POST, /api/incidents, application/json, max-body-bytes"})
  void chunkedBodyOverTheEndpointsLimitIs413(String method, String path, String type, String key) {
    long limit = limit(key);
    long before = stored();
    // JSON that stays valid while it grows (whitespace), so only the size can stop it
    byte[] start = (type.equals("text/csv") ? "type,lon,lat\n" : "{\"type\":\"FeatureCollection\",\"features\":[")
        .getBytes(StandardCharsets.US_ASCII);
    RawHttp.BodyWriter grow = RawHttp.chunked(limit + 256 * 1024, 64 * 1024, (byte) (type.equals("text/csv") ? 'x' : ' '));
    long t0 = System.nanoTime();
    RawHttp.Reply r = RawHttp.send(port, head(method, path, type, "Transfer-Encoding: chunked")
        .getBytes(StandardCharsets.ISO_8859_1), (out, answered) -> {
          out.write((Integer.toHexString(start.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(start);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          grow.write(out, answered);
        });
    System.out.printf("chunked %s %s over %d bytes: 413 after %d ms%n", method, path, limit,
        (System.nanoTime() - t0) / 1_000_000);
    assertTooLarge(r, limit);
    assertThat(stored()).isEqualTo(before);
  }

  @Test
  void networkImportTakesABodyOverTheDefaultLimit() {
    long size = limit("max-body-bytes") * 3;
    long before = stored();
    // a well-formed but empty collection, padded past the default limit: refused for being empty, not for size
    String body = "{\"type\":\"FeatureCollection\",\"features\":[" + " ".repeat((int) size) + "]}";
    Response r = post("/api/network/import", body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().path("field").asString()).isEqualTo("features");
    assertThat(stored()).isEqualTo(before);
  }

  @Test
  void incidentImportTakesABodyOverTheDefaultLimit() {
    long size = limit("max-body-bytes") * 3;
    long before = stored();
    // a CSV without the required columns, padded past the default limit (in few rows, so that it runs in the
    // request): refused for its header, not for size
    String body = "colour,taste\n" + ("red," + "s".repeat(1100) + "\n").repeat((int) (size / 1100));
    Response r = post("/api/incidents/import", "text/csv", body);
    assertThat(r.status()).as(r.body()).isIn(400, 422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(stored()).isEqualTo(before);
  }
}
