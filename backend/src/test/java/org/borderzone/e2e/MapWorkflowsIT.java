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
 * bins in the ArcGIS colours (pixels of its tile canvases), a planned patrol shows the server's length, and the
 * incident bubbles (from the tiles) add up to the number of incidents in view.
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
    // a place of its own (earlier runs left their reports nearby): one incident under the click
    double lon = 105.6012 + (System.nanoTime() % 1000) * 1e-5;
    double lat = 14.1503 + (System.nanoTime() / 1000 % 1000) * 1e-5;
    Response created = as("kh-planner").post("/api/incidents", """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [%s, %s]},
         "properties": {"type": "OTHER", "severity": 2, "occurredAt": "%s", "releasability": "SHARED",
                        "description": %s}}
        """.formatted(lon, lat, occurred, JSON.writeValueAsString(XSS)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asString();

    WebDriver d = open("la-planner", "/");
    js("window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));");
    js("window.borderzone.map.setView([arguments[0], arguments[1]], 16, {animate: false});", lat, lon);
    clickDrawnIncident(d, id);
    waitUpTo(d, 10).until(x -> !x.findElements(By.cssSelector(".bz-incident-popup[data-id='" + id + "']")).isEmpty());
    js("return new Promise((r) => setTimeout(r, 800));"); // time for an injected image to fail and fire onerror
    WebElement description = d.findElement(By.cssSelector(".bz-incident-popup[data-id='" + id + "'] .incident-description"));
    assertThat(description.getText()).isEqualTo(XSS);
    assertThat(description.findElements(By.tagName("img"))).isEmpty();
    assertThat(((Number) js("return document.querySelectorAll('img[src=\"x\"]').length;")).intValue()).isZero();
    assertThat((List<?>) js("return window.__alerts;")).isEmpty();
  }

  /** Waits until the incident is drawn from the tiles, then clicks it where it is drawn, as a user does. */
  @SuppressWarnings("unchecked")
  static void clickDrawnIncident(WebDriver d, String id) {
    waitUpTo(d, 20).until(x -> js("""
        return window.borderzone.incidents.layer.drawn((f, name) => name === 'incidents' && f.properties.id === arguments[0]).length;
        """, id) instanceof Number n && n.intValue() > 0);
    List<Number> at = (List<Number>) js("""
        const d = window.borderzone.incidents.layer.drawn((f, name) => name === 'incidents' && f.properties.id === arguments[0])[0];
        const r = document.getElementById('map').getBoundingClientRect();
        return [r.left + d.point[0], r.top + d.point[1]];
        """, id);
    new org.openqa.selenium.interactions.Actions(d).moveToLocation(at.get(0).intValue(), at.get(1).intValue()).click().perform();
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
   * A patrol on a poor link: the report reaches the server but its answer is lost. The form hands the report to
   * the outbox (js/outbox.js), which keeps it and sends it again with the same client id (the Idempotency-Key and
   * {@code properties.clientId}); the server stores it once.
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
            const answer = await real(url, init);
            window.__answered = answer.status;
            return answer;
          }
          return real(url, init);
        };
        """);
    d.findElement(By.id("report-submit")).click();
    // the report waits in the outbox: the form is done with it
    waitUpTo(d, 15).until(x -> x.findElements(By.id("report-form")).isEmpty());
    assertThat(jdbc.sql("select count(*) from incident where description = :d").param("d", marker)
        .query(Long.class).single()).as("the first attempt was stored").isEqualTo(1);
    // "Send now" (the outbox would also retry on its own after its backoff)
    js("import(document.querySelector('meta[name=bz-static]').content + '/js/outbox.js').then((o) => o.sendNow());");
    waitUpTo(d, 20).until(x -> ((List<String>) js("return window.__keys;")).size() >= 2);
    List<String> keys = (List<String>) js("return window.__keys;");
    assertThat(keys).hasSize(2).doesNotContainNull();
    assertThat(keys.get(1)).isEqualTo(keys.get(0)).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    waitUpTo(d, 15).until(x -> js("return window.__answered || null;") != null);
    assertThat(((Number) js("return window.__answered;")).intValue()).as("the resend's answer").isBetween(200, 201);
    assertThat(jdbc.sql("select count(*) from incident where description = :d").param("d", marker)
        .query(Long.class).single()).as("stored once").isEqualTo(1);
    assertThat(jdbc.sql("select client_id::text from incident where description = :d").param("d", marker)
        .query(String.class).single()).isEqualTo(keys.get(0));
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
    TileMap.waitLoaded(d, TileMap.GISTAR, 30);
    Map<String, Object> params = (Map<String, Object>) js("return window.borderzone.filter.hotspotParams();");
    JsonNode fc = as("kh-planner").get("/api/hotspots?cellKm=2&from=" + params.get("from") + "&to=" + params.get("to"))
        .json();
    Map<String, Integer> serverBins = new HashMap<>();
    Map<String, Integer> expected = new HashMap<>();
    for (JsonNode f : fc.path("features")) {
      int bin = f.path("properties").path("bin").asInt();
      serverBins.put(f.path("id").asString(), bin);
      if (bin != 0) {
        expected.put(f.path("id").asString(), bin);
      }
    }
    assertThat(expected).as("significant cells in the demo data").isNotEmpty();
    // the cells drawn from the tiles are the server's cells with the server's bins; all of them at this view
    List<Map<String, Object>> drawn = TileMap.drawn(TileMap.GISTAR);
    Map<String, Integer> drawnBins = new HashMap<>();
    for (Map<String, Object> c : drawn) {
      drawnBins.put((String) c.get("id"), ((Number) ((Map<String, Object>) c.get("props")).get("bin")).intValue());
    }
    assertThat(drawnBins).isEqualTo(serverBins);
    // the legend counts cells per bin as the server does
    d.findElement(By.cssSelector("#legend summary")).click();
    for (int bin = -3; bin <= 3; bin++) {
      int b = bin;
      long n = serverBins.values().stream().filter(v -> v == b).count();
      assertThat(d.findElement(By.cssSelector("#legend li[data-bin='" + bin + "'] .legend-count")).getText())
          .as("legend count of bin %d", bin).isEqualTo(String.valueOf(n));
    }
    assertThat(d.findElement(By.id("legend")).getText()).contains("FDR");

    // painted in the ArcGIS colour inside each significant cell (72 % opaque), nothing inside the others: read
    // zoomed in on a hot cell, where a 2 km hexagon is some 25 px across
    String hot = expected.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).findFirst()
        .orElse(expected.keySet().iterator().next());
    Map<String, Object> cell = drawn.stream().filter(c -> hot.equals(c.get("id"))).findFirst().orElseThrow();
    js("""
        const m = window.borderzone.map;
        m.setView(m.containerPointToLatLng(L.point(arguments[0], arguments[1])), 11, {animate: false});""",
        cell.get("x"), cell.get("y"));
    TileMap.waitLoaded(d, TileMap.GISTAR, 30);
    int checked = 0;
    for (Map<String, Object> c : TileMap.drawn(TileMap.GISTAR)) {
      double x = ((Number) c.get("x")).doubleValue();
      double y = ((Number) c.get("y")).doubleValue();
      if (x < 0 || y < 0 || x >= 900 || y >= 850) {
        continue;
      }
      List<Number> rgba = TileMap.pixel(TileMap.GISTAR, x, y);
      Integer bin = expected.get((String) c.get("id"));
      if (bin == null) {
        assertThat(rgba.get(3).intValue()).as("inside not significant cell %s", c.get("id")).isZero();
      } else {
        assertThat(TileMap.close(TileMap.hex(rgba), BIN_COLOURS.get(bin))).as("fill of cell %s (bin %d): %s", c.get("id"),
            bin, TileMap.hex(rgba)).isTrue();
        assertThat(rgba.get(3).intValue()).isBetween(176, 190);
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(10);
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
    TileMap.waitLoaded(d, TileMap.INCIDENTS, 30);
    waitUpTo(d, 10).until(x -> x.findElement(By.id("map")).getAttribute("data-incident-total") != null);
    List<Map<String, Object>> cells = TileMap.drawn(TileMap.INCIDENTS);
    assertThat(cells).isNotEmpty().allMatch(c -> "incident_cells".equals(c.get("layer")));
    // the total shown is the sum of the bubbles whose centre is in view
    Map<String, Object> view = (Map<String, Object>) js("""
        const b = window.borderzone.map.getBounds(), s = window.borderzone.map.getSize();
        return {w: b.getWest(), s: b.getSouth(), e: b.getEast(), n: b.getNorth(), x: s.x, y: s.y};""");
    long inView = 0;
    long all = 0;
    for (Map<String, Object> c : cells) {
      long n = ((Number) ((Map<String, Object>) c.get("props")).get("count")).longValue();
      double x = ((Number) c.get("x")).doubleValue();
      double y = ((Number) c.get("y")).doubleValue();
      if (x >= 0 && y >= 0 && x <= ((Number) view.get("x")).doubleValue() && y <= ((Number) view.get("y")).doubleValue()) {
        inView += n;
      }
      all += n;
    }
    long total = Long.parseLong(d.findElement(By.id("map")).getAttribute("data-incident-total"));
    assertThat(inView).isEqualTo(total).isPositive();
    // all cells of the loaded tiles add up to what the list endpoint (an independent path) matches in the
    // tiles' box with the same filter
    Map<String, Object> cover = (Map<String, Object>) js("return window.borderzone.incidents.layer.coverage();");
    assertThat(cover.get("rectangle")).isEqualTo(true);
    List<Number> box = (List<Number>) cover.get("bbox");
    String bbox = box.stream().map(v -> String.format(Locale.ROOT, "%.7f", v.doubleValue()))
        .reduce((p, q) -> p + "," + q).orElseThrow();
    String query = (String) js("return new URLSearchParams(Object.entries(window.borderzone.filter.incidentParams())"
        + ".filter(([, v]) => v !== undefined)).toString();");
    long matched = as("la-planner").get("/api/incidents?size=1&bbox=" + bbox + "&" + query).json()
        .path("numberMatched").asLong();
    assertThat(all).isEqualTo(matched);
    d.findElement(By.id("tab-incidents")).click();
    assertThat(d.findElement(By.cssSelector("#incident-total strong")).getAttribute("data-total"))
        .isEqualTo(String.valueOf(total));
  }
}
