package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The map's role-dependent parts in a real browser (one shared Chromium, see {@link Browser}): stored XSS in an
 * incident description renders as text, each role sees only its controls, the Gi* layer draws the server's
 * bins in the ArcGIS colours, a planned patrol shows the server's length, and the incident bubbles add up to
 * the number of incidents in view.
 */
class MapWorkflowsIT extends IntegrationTest {

  /** ArcGIS Hot Spot Analysis colours, independent of the front end's table. */
  static final Map<Integer, String> BIN_COLOURS = Map.of(-3, "#4575b4", -2, "#91bfdb", -1, "#e0f3f8", 1, "#fee090",
      2, "#fc8d59", 3, "#d73027");

  private static final String XSS = "<img src=x onerror=alert(1)>";

  private WebDriver open(String user, String path) {
    return Browser.openMap(url(""), user, path);
  }

  private static Object js(String script, Object... args) {
    return Browser.js(script, args);
  }

  private static WebDriverWait waitUpTo(WebDriver d, int seconds) {
    return new WebDriverWait(d, Duration.ofSeconds(seconds));
  }

  @Test
  void anIncidentDescriptionWithMarkupIsShownAsTextToAnotherUser() {
    String occurred = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).truncatedTo(ChronoUnit.SECONDS).toString();
    Response created = as("kh-planner").post("/api/incidents", """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [105.6012, 14.1503]},
         "properties": {"type": "OTHER", "severity": 2, "occurredAt": "%s", "releasability": "SHARED",
                        "description": %s}}
        """.formatted(occurred, JSON.writeValueAsString(XSS)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asString();

    WebDriver d = open("la-planner", "/");
    js("window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));");
    js("window.borderzone.map.setView([14.1503, 105.6012], 16, {animate: false});");
    waitUpTo(d, 20).until(x -> !x.findElements(By.cssSelector(".bz-incident[data-id='" + id + "']")).isEmpty());
    js("document.querySelector(\".bz-incident[data-id='\" + arguments[0] + \"']\").click();", id);
    waitUpTo(d, 10).until(x -> !x.findElements(By.cssSelector(".bz-incident-popup[data-id='" + id + "']")).isEmpty());
    js("return new Promise((r) => setTimeout(r, 800));"); // time for an injected image to fail and fire onerror
    WebElement description = d.findElement(By.cssSelector(".bz-incident-popup[data-id='" + id + "'] .incident-description"));
    assertThat(description.getText()).isEqualTo(XSS);
    assertThat(description.findElements(By.tagName("img"))).isEmpty();
    assertThat(((Number) js("return document.querySelectorAll('img[src=\"x\"]').length;")).intValue()).isZero();
    assertThat((List<?>) js("return window.__alerts;")).isEmpty();
  }

  @Test
  void aViewerSeesNoWriteControls() {
    WebDriver d = open("la-viewer", "/#segment=KH-LA-100");
    waitUpTo(d, 10).until(x -> !x.findElements(By.id("segment-code")).isEmpty());
    assertThat(d.findElement(By.id("tab-inspection")).isDisplayed()).isFalse();
    assertThat(d.findElement(By.id("tab-patrol")).isDisplayed()).isFalse();
    assertThat(d.findElements(By.id("status-card"))).isEmpty();
    assertThat(d.findElements(By.id("segment-inspect"))).isEmpty();
    d.findElement(By.id("tab-incidents")).click();
    assertThat(d.findElements(By.id("report-start"))).isEmpty();
    assertThat(d.findElements(By.id("import-card"))).isEmpty();
    assertThat(overlayNames()).contains("Incidents").noneMatch(n -> n.contains("Gi*") || n.contains("density"));
    assertThat(d.findElement(By.id("topbar-user")).getText()).contains("LA");
  }

  @Test
  void aCommissionMemberInspectsButSeesNoHotspotLayers() {
    WebDriver d = open("kh-commission", "/#segment=KH-LA-100");
    waitUpTo(d, 10).until(x -> !x.findElements(By.id("segment-code")).isEmpty());
    assertThat(d.findElement(By.id("tab-inspection")).isDisplayed()).isTrue();
    assertThat(d.findElements(By.id("status-card"))).hasSize(1);
    assertThat(d.findElements(By.id("segment-inspect"))).hasSize(1);
    assertThat(d.findElement(By.id("tab-patrol")).isDisplayed()).isFalse();
    assertThat(overlayNames()).contains("Incidents", "Hot segments")
        .noneMatch(n -> n.contains("Gi*") || n.contains("density") || n.contains("Emerging") || n.contains("DBSCAN"));
    assertThat(js("return window.borderzone.analysis;")).isNull();
    d.findElement(By.id("tab-incidents")).click();
    assertThat(d.findElements(By.id("report-start"))).isEmpty();
  }

  /**
   * A patrol on a poor link: the report reaches the server but its answer is lost, so the patrol sends it again.
   * The form sends the same Idempotency-Key both times and the server stores the report once.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aReportWhoseAnswerWasLostIsStoredOnceWhenSentAgain() {
    String marker = "lost-answer-" + System.nanoTime();
    WebDriver d = open("kh-patrol", "/");
    d.findElement(By.id("tab-incidents")).click();
    waitUpTo(d, 10).until(x -> !x.findElements(By.id("report-start")).isEmpty());
    d.findElement(By.id("report-start")).click();
    js("window.borderzone.map.fire('click', {latlng: L.latLng(14.1503, 105.6012)});");
    waitUpTo(d, 10).until(x -> !x.findElements(By.id("report-form")).isEmpty());
    d.findElement(By.id("report-description")).sendKeys(marker);
    // The first POST reaches the server, then the browser is told the connection broke.
    js("""
        const real = window.fetch;
        window.__keys = [];
        window.fetch = async (url, init) => {
          if (String(url).endsWith('/api/incidents') && init && init.method === 'POST') {
            window.__keys.push(init.headers['Idempotency-Key']);
            if (window.__keys.length === 1) {
              await real(url, init);
              throw new TypeError('connection lost');
            }
          }
          return real(url, init);
        };
        """);
    d.findElement(By.id("report-submit")).click();
    waitUpTo(d, 15).until(x -> !x.findElement(By.cssSelector("#report-form .form-message")).getText().isBlank());
    assertThat(jdbc.sql("select count(*) from incident where description = :d").param("d", marker)
        .query(Long.class).single()).as("the first attempt was stored").isEqualTo(1);
    d.findElement(By.id("report-submit")).click();
    waitUpTo(d, 15).until(x -> x.findElements(By.id("report-form")).isEmpty());
    List<String> keys = (List<String>) js("return window.__keys;");
    assertThat(keys).hasSize(2).doesNotContainNull();
    assertThat(keys.get(1)).isEqualTo(keys.get(0)).matches("[0-9a-f]{32}");
    assertThat(jdbc.sql("select count(*) from incident where description = :d").param("d", marker)
        .query(Long.class).single()).as("stored once").isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from idempotency_key where username = 'kh-patrol' and idem_key = :k")
        .param("k", keys.get(0)).query(Long.class).single()).isEqualTo(1);
  }

  @SuppressWarnings("unchecked")
  private static List<String> overlayNames() {
    return (List<String>) js("""
        return Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
          .map((l) => l.textContent.trim());
        """);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theGiStarLayerDrawsTheServersBinsInArcGisColours() {
    WebDriver d = open("kh-planner", "/");
    js("""
        const label = Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
          .find((l) => l.textContent.includes('Gi*'));
        label.querySelector('input').click();
        """);
    waitUpTo(d, 30).until(x -> "ready".equals(x.findElement(By.id("map")).getAttribute("data-hotspots")));
    Map<String, Object> params = (Map<String, Object>) js("return window.borderzone.filter.hotspotParams();");
    JsonNode fc = as("kh-planner").get("/api/hotspots?cellKm=2&from=" + params.get("from") + "&to=" + params.get("to"))
        .json();
    Map<String, Integer> expected = new HashMap<>();
    for (JsonNode f : fc.path("features")) {
      int bin = f.path("properties").path("bin").asInt();
      if (bin != 0) {
        expected.put(f.path("id").asString(), bin);
      }
    }
    assertThat(expected).as("significant cells in the demo data").isNotEmpty();
    List<List<String>> drawn = (List<List<String>>) js("""
        return Array.from(document.querySelectorAll('#map path.bz-hex')).map((p) =>
          [p.dataset.cell || '', p.getAttribute('fill') || 'none', p.getAttribute('class')]);
        """);
    assertThat(drawn).hasSize(fc.path("features").size());
    Map<String, String> fills = new HashMap<>();
    for (List<String> p : drawn) {
      fills.put(p.get(0), p.get(1).toLowerCase(Locale.ROOT));
    }
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      assertThat(fills.get(e.getKey())).as("fill of cell %s (bin %d)", e.getKey(), e.getValue())
          .isEqualTo(BIN_COLOURS.get(e.getValue()));
    }
    long unfilledShown = drawn.stream().filter(p -> !expected.containsKey(p.get(0)))
        .filter(p -> !p.get(1).equals("none")).count();
    assertThat(unfilledShown).as("not significant cells are not filled").isZero();
    // the legend counts cells per bin as the server does
    d.findElement(By.cssSelector("#legend summary")).click();
    assertThat(d.findElement(By.id("legend")).getText()).contains("FDR");
  }

  /** Clicks the layer-control checkbox whose label contains {@code text}. */
  private static void toggleOverlay(String text) {
    js("""
        const label = Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
          .find((l) => l.textContent.includes(arguments[0]));
        label.querySelector('input').click();
        """, text);
  }

  private static long drawnCount(String key) {
    return ((Number) js("return window.borderzone.analysis[arguments[0]].layer.getLayers().length;", key)).longValue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void clustersEmergingAndDensityLayersDrawWhatTheServerSends() {
    WebDriver d = open("kh-planner", "/");
    Map<String, Object> params = (Map<String, Object>) js("return window.borderzone.filter.hotspotParams();");
    String window = "from=" + params.get("from") + "&to=" + params.get("to");

    toggleOverlay("Clusters");
    JsonNode clusters = as("kh-planner").get("/api/hotspots/clusters?" + window).json();
    long hulls = 0;
    for (JsonNode f : clusters.path("features")) {
      if ("Polygon".equals(f.path("geometry").path("type").asString())) {
        hulls++;
      }
    }
    long expectedHulls = hulls;
    assertThat(expectedHulls).as("cluster hulls in the demo data").isPositive();
    waitUpTo(d, 30).until(x -> ((Number) js("return document.querySelectorAll('#map path.bz-cluster').length;"))
        .longValue() >= expectedHulls);

    toggleOverlay("Emerging");
    JsonNode emerging = as("kh-planner").get("/api/hotspots/emerging?slice=month&" + window).json();
    long patterned = 0;
    for (JsonNode f : emerging.path("features")) {
      if (!"NO_PATTERN".equals(f.path("properties").path("category").asString())) {
        patterned++;
      }
    }
    long expectedEmerging = patterned;
    if (expectedEmerging > 0) {
      waitUpTo(d, 30).until(x -> drawnCount("emerging") == expectedEmerging);
    }

    toggleOverlay("density");
    JsonNode density = as("kh-planner").get("/api/hotspots/density?" + window).json();
    assertThat(density.path("features").size()).isPositive();
    waitUpTo(d, 30).until(x -> drawnCount("density") > 0);
    // the faintest cells (under 1 % of the peak) are left out on purpose: never more than the server sent
    assertThat(drawnCount("density")).isLessThanOrEqualTo(density.path("features").size());
    assertThat((Boolean) js("return window.borderzone.map.hasLayer(window.borderzone.analysis.emerging.layer);"))
        .as("density, emerging and Gi* are exclusive").isFalse();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPatrolPlansARouteAndSeesTheServersLength() {
    WebDriver d = open("kh-patrol", "/");
    d.findElement(By.id("tab-patrol")).click();
    waitUpTo(d, 10).until(x -> !x.findElement(By.id("patrol-base")).getAttribute("value").isEmpty());
    assertThat(d.findElements(By.id("import-card"))).isEmpty();
    d.findElement(By.id("patrol-submit")).click();
    waitUpTo(d, 60).until(x -> !x.findElements(By.id("route-length")).isEmpty());
    String shown = d.findElement(By.id("route-length")).getText();
    String request = d.findElement(By.id("route-result")).getAttribute("data-request");
    assertThat(request).contains("\"mode\":\"auto\"");
    JsonNode route = as("kh-patrol").post("/api/routes", request).json();
    double lengthM = route.path("lengthM").asDouble();
    assertThat(lengthM).isPositive();
    assertThat(shown).isEqualTo(String.format(Locale.ROOT, "%,.1f", lengthM / 1000));
    assertThat(d.findElements(By.cssSelector("#map path.bz-route"))).isNotEmpty();
    // a patrol unit may not save plans (PLANNER only)
    assertThat(d.findElements(By.id("plan-save"))).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void incidentBubblesAtLowZoomAddUpToTheIncidentsInView() {
    WebDriver d = open("la-planner", "/");
    waitUpTo(d, 20).until(x -> x.findElement(By.id("map")).getAttribute("data-incident-total") != null
        && !x.findElements(By.cssSelector(".bz-bubble")).isEmpty());
    List<Number> counts = (List<Number>) js(
        "return Array.from(document.querySelectorAll('.bz-bubble')).map((b) => Number(b.dataset.count));");
    long sum = counts.stream().mapToLong(Number::longValue).sum();
    long total = Long.parseLong(d.findElement(By.id("map")).getAttribute("data-incident-total"));
    assertThat(sum).isEqualTo(total).isPositive();
    // the same filter on the list endpoint (an independent path) matches as many incidents
    String query = d.findElement(By.id("map")).getAttribute("data-incident-query");
    long matched = as("la-planner").get("/api/incidents?size=1&" + query).json().path("numberMatched").asLong();
    assertThat(sum).isEqualTo(matched);
    d.findElement(By.id("tab-incidents")).click();
    assertThat(d.findElement(By.cssSelector("#incident-total strong")).getAttribute("data-total"))
        .isEqualTo(String.valueOf(total));
  }
}
