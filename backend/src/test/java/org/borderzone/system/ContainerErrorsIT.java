package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.borderzone.support.IntegrationTest;
import org.borderzone.support.RawHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Requests that Tomcat refuses before any servlet sees them (a malformed URL, a path that climbs above the
 * root, headers or a query over the size limit) are answered in the same RFC 9457 problem+json shape as
 * every other error ({@code ProblemReportValve}), not with Tomcat's HTML page. Sent over a plain socket:
 * {@code HttpClient} refuses to send most of them.
 */
class ContainerErrorsIT extends IntegrationTest {

  private static final String LONG = "a".repeat(20 * 1024);

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "NUL byte in the path            | GET /api/segments/%00 HTTP/1.1                 | 400 | path",
      "NUL byte in the query           | GET /api/segments?status=%00 HTTP/1.1          | 400 | status",
      "invalid UTF-8 (%ff)             | GET /api/%ff HTTP/1.1                          | 400 | path",
      "overlong UTF-8 for '/'          | GET /api/%c0%af HTTP/1.1                       | 400 | path",
      "overlong UTF-8 for '.'          | GET /api/%e0%80%ae%e0%80%ae/x HTTP/1.1         | 400 | path",
      "dot-dot above the root          | GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1         | 400 | path",
      "dot-dot, literal                | GET /../api/segments HTTP/1.1                  | 400 | path",
      "character not allowed in a URL  | GET /api/x{y} HTTP/1.1                         | 400 | request",
      "20 KB query                     | GET /api/segments?q=LONG HTTP/1.1              | 414 | uri",
      "20 KB header                    | GET /api/segments HTTP/1.1CRLFX-Filler: LONG   | 431 | headers",
      "malformed header line           | GET /api/segments HTTP/1.1CRLFNo colon here    | 400 | request",
      "unknown transfer encoding       | POST /api/incidents HTTP/1.1CRLFTransfer-Encoding: zip | 501 | request",
      "unknown HTTP version            | GET /api/segments HTTP/3.7                     | 505 | request"})
  void containerRejectionsAreProblemJson(String what, String head, int status, String field) {
    String request = head.replace("LONG", LONG).replace("CRLF", "\r\n") + "\r\nHost: localhost\r\n"
        + "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString((DEFAULT_USER + ":" + DEMO_PASSWORD).getBytes())
        + "\r\nConnection: close\r\n\r\n";
    RawHttp.Reply r = RawHttp.send(port, request);
    assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(status);
    assertThat(r.contentType()).as(what + ": " + r.body()).startsWith("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.path("status").asInt()).isEqualTo(status);
    assertThat(p.path("title").asString()).isNotBlank();
    assertThat(p.path("type").asString()).startsWith("https://borderzone.org/problems/");
    assertThat(p.path("field").asString()).as(r.body()).isEqualTo(field);
    assertThat(p.path("errors").get(0).path("message").asString()).isNotBlank();
    assertThat(r.body()).doesNotContain("Tomcat").doesNotContain("<html");
  }
}
