package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/incidents/{id}/photos} on the real server: the stored bytes have no GPS metadata (asserted on the
 * bytes and by ImageIO's own marker list), the type is checked from the bytes, the size and count limits answer
 * 413 and 422 naming them, every path is 404 for a reader who may not see the incident, retries with an
 * Idempotency-Key store once, and each add is audited. Who may add is in {@code OwnershipMatrixIT}.
 */
class IncidentPhotoIT extends IntegrationTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Response upload(String user, UUID incident, String type, byte[] body, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/api/incidents/" + incident + "/photos")))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return as(user).send(b);
  }

  /** The bytes of a photo as the server sends them (status, body). */
  private HttpResponse<byte[]> download(String user, String path) throws Exception {
    HttpRequest.Builder b = basic(HttpRequest.newBuilder(URI.create(url(path))).GET(), user, DEMO_PASSWORD);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private long photos(UUID incident) {
    return jdbc.sql("select count(*) from incident_photo p join incident i on i.id = p.incident_id"
        + " where i.public_id = :id").param("id", incident).query(Long.class).single();
  }

  @Test
  void aJpegIsStoredWithoutItsGpsAndServedToThoseWhoMaySeeTheIncident() throws Exception {
    LeakCheck.Planted inc = LeakCheck.plantNationalKh(jdbc, 106.2, 14.4, "2026-03-01T00:00:00Z", "OTHER");
    byte[] photo = TestPhotos.jpegWithGps(120, 90);
    Response r = upload("kh-patrol", inc.id(), "image/jpeg", photo, null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get("n").asInt()).isEqualTo(1);
    assertThat(r.json().get("gpsRemoved").asBoolean()).isTrue();
    assertThat(r.raw().headers().firstValue("Location")).hasValueSatisfying(
        l -> assertThat(l).endsWith("/api/incidents/" + inc.id() + "/photos/1"));
    byte[] stored = jdbc.sql("select p.bytes from incident_photo p join incident i on i.id = p.incident_id"
        + " where i.public_id = :id and p.n = 1").param("id", inc.id()).query(byte[].class).single();
    assertThat(TestPhotos.contains(photo, TestPhotos.LAT_RATIONALS)).as("the upload had GPS").isTrue();
    assertThat(TestPhotos.contains(stored, TestPhotos.LAT_RATIONALS)).isFalse();
    assertThat(TestPhotos.contains(stored, TestPhotos.LON_RATIONALS)).isFalse();
    assertThat(TestPhotos.contains(stored, "GPSLatitude")).isFalse();
    assertThat(TestPhotos.contains(stored, new byte[] {(byte) 0x88, 0x25})).isFalse();
    assertThat(PhotoSanitizerTest.unknownMarkers(stored)).containsExactly(0xe1); // the orientation only
    assertThat(TestPhotos.decode(stored).getWidth()).isEqualTo(120);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored));
    assertThat(r.json().get("sha256").asString()).isEqualTo(sha);
    // the bytes as served are the stored ones
    HttpResponse<byte[]> got = download("kh-viewer", "/api/incidents/" + inc.id() + "/photos/1");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(got.headers().firstValue("Cache-Control").orElse("")).contains("private");
    assertThat(got.body()).isEqualTo(stored);
    Response list = as("kh-viewer").get("/api/incidents/" + inc.id() + "/photos");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get("photos")).hasSize(1);
    assertThat(list.json().get("photos").get(0).get("bytes").asInt()).isEqualTo(stored.length);
    assertThat(list.json().get("photos").get(0).get("ownerOrg").asString()).isEqualTo("KH");
    assertThat(as("kh-viewer").get("/api/incidents/" + inc.id()).json().get("properties").get("photoCount").asInt())
        .isEqualTo(1);
    // audited, with what was removed
    assertThat(jdbc.sql("select after->>'gpsRemoved' || '/' || (after->>'photo') || '/' || username from audit_event"
        + " where entity = 'incident' and entity_id = :id and action = 'ADD_PHOTO'").param("id", inc.id().toString())
        .query(String.class).single()).isEqualTo("true/1/kh-patrol");
    // an LA reader: the KH national incident has no photos, not even a count (404 on every path)
    assertThat(download("la-patrol", "/api/incidents/" + inc.id() + "/photos/1").statusCode()).isEqualTo(404);
    assertThat(as("la-patrol").get("/api/incidents/" + inc.id() + "/photos").status()).isEqualTo(404);
    assertThat(download("la-viewer", "/api/incidents/" + inc.id() + "/photos/1").statusCode()).isEqualTo(404);
    Response laPost = upload("la-patrol", inc.id(), "image/jpeg", TestPhotos.plainJpeg(8, 8), null);
    assertThat(laPost.status()).isEqualTo(404);
    assertThat(laPost.body()).doesNotContain("LEAKCHECK");
    assertThat(download("kh-viewer", "/api/incidents/" + inc.id() + "/photos/2").statusCode()).isEqualTo(404);
    assertThat(photos(inc.id())).isEqualTo(1);
  }

  @Test
  void aSharedIncidentsPhotoIsReadByTheOtherCountryButAddedOnlyByTheOwner() throws Exception {
    LeakCheck.Planted inc = LeakCheck.plant(jdbc, "KH", "SHARED", 106.2, 14.4, "2026-03-01T00:00:00Z", "OTHER");
    byte[] png = TestPhotos.pngWithGps(40, 30);
    Response r = upload("kh-planner", inc.id(), "image/png", png, null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    HttpResponse<byte[]> got = download("la-viewer", "/api/incidents/" + inc.id() + "/photos/1");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(got.body()).isEqualTo(TestPhotos.plainPng(40, 30));
    assertThat(TestPhotos.contains(got.body(), TestPhotos.LAT_RATIONALS)).isFalse();
    Response la = upload("la-patrol", inc.id(), "image/png", png, null);
    assertThat(la.status()).as(la.body()).isEqualTo(403);
    assertThat(photos(inc.id())).isEqualTo(1);
  }

  @Test
  void bodiesThatAreNotTheImageTheyClaimAreRefusedAndNothingIsStored() {
    LeakCheck.Planted inc = LeakCheck.plantNationalKh(jdbc, 106.2, 14.4, "2026-03-01T00:00:00Z", "OTHER");
    long audits = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
    Response pngAsJpeg = upload("kh-patrol", inc.id(), "image/jpeg", TestPhotos.plainPng(8, 8), null);
    assertThat(pngAsJpeg.status()).as(pngAsJpeg.body()).isEqualTo(422);
    assertThat(pngAsJpeg.json().get("field").asString()).isEqualTo("body");
    Response html = upload("kh-patrol", inc.id(), "image/png", "<html><script>x</script>".getBytes(), null);
    assertThat(html.status()).isEqualTo(422);
    byte[] broken = TestPhotos.plainJpeg(16, 16);
    broken = java.util.Arrays.copyOf(broken, broken.length / 2);
    Response truncated = upload("kh-patrol", inc.id(), "image/jpeg", broken, null);
    assertThat(truncated.status()).as(truncated.body()).isEqualTo(422);
    Response svg = upload("kh-patrol", inc.id(), "image/svg+xml", "<svg/>".getBytes(), null);
    assertThat(svg.status()).isEqualTo(415);
    assertThat(svg.contentType()).startsWith("application/problem+json");
    assertThat(photos(inc.id())).isZero();
    assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isEqualTo(audits);
  }

  @Test
  void theSizeAndCountLimitsAreNamed() {
    LeakCheck.Planted inc = LeakCheck.plantNationalKh(jdbc, 106.2, 14.4, "2026-03-01T00:00:00Z", "OTHER");
    byte[] big = new byte[5 * 1024 * 1024 + 1];
    byte[] jpeg = TestPhotos.plainJpeg(8, 8);
    System.arraycopy(jpeg, 0, big, 0, jpeg.length);
    Response tooBig = upload("kh-patrol", inc.id(), "image/jpeg", big, null);
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.json().get("field").asString()).isEqualTo("body");
    assertThat(tooBig.body()).contains("5,242,880");
    for (int i = 1; i <= 5; i++) {
      assertThat(upload("kh-patrol", inc.id(), "image/jpeg", TestPhotos.plainJpeg(8 + i, 8), null).status())
          .isEqualTo(201);
    }
    Response sixth = upload("kh-patrol", inc.id(), "image/jpeg", jpeg, null);
    assertThat(sixth.status()).as(sixth.body()).isEqualTo(422);
    assertThat(sixth.json().get("field").asString()).isEqualTo("photos");
    assertThat(sixth.body()).contains("5");
    assertThat(photos(inc.id())).isEqualTo(5);
    assertThat(as("kh-patrol").get("/api/incidents/" + inc.id() + "/photos").json().get("photos").findValuesAsString("href"))
        .containsExactly(java.util.stream.IntStream.rangeClosed(1, 5)
            .mapToObj(n -> "/api/incidents/" + inc.id() + "/photos/" + n).toArray(String[]::new));
  }

  @Test
  void aRetryWithTheSameKeyStoresOnce() {
    LeakCheck.Planted inc = LeakCheck.plantNationalKh(jdbc, 106.2, 14.4, "2026-03-01T00:00:00Z", "OTHER");
    String key = UUID.randomUUID().toString();
    byte[] jpeg = TestPhotos.jpegWithGps(20, 20);
    Response first = upload("kh-patrol", inc.id(), "image/jpeg", jpeg, key);
    Response again = upload("kh-patrol", inc.id(), "image/jpeg", jpeg, key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(again.body()).isEqualTo(first.body());
    Response other = upload("kh-patrol", inc.id(), "image/jpeg", TestPhotos.plainJpeg(9, 9), key);
    assertThat(other.status()).isEqualTo(409);
    assertThat(photos(inc.id())).isEqualTo(1);
  }
}
