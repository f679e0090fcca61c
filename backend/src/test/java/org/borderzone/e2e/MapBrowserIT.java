package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The map in a real browser: Debian's headless Chromium driven through Debian's chromedriver (both paths
 * set explicitly, so Selenium Manager never downloads anything). Checks what a user sees: the map opens on
 * the border's extent, every segment is drawn from the vector tiles in its status colour (the canvas's pixels),
 * the progress panel shows the server's figure, a click on a drawn segment opens its details and history, and
 * pillars appear when zoomed in.
 */
class MapBrowserIT extends IntegrationTest {

  /** The palette the map must use (Okabe–Ito), independent of the front end's own table. */
  static final Map<String, String> SEGMENT_COLOURS = Map.of(
      "PENDING", "#999999", "SURVEYED", "#e69f00", "DEMARCATED", "#0072b2", "RATIFIED", "#009e73",
      "DISPUTED", "#d55e00");
  static final Map<String, String> PILLAR_FILLS = Map.of(
      "PLANNED", "#ffffff", "PLACED", "#56b4e9", "VERIFIED", "#009e73", "DAMAGED", "#f0e442",
      "MISSING", "#d55e00");

  private static WebDriver driver;

  @BeforeEach
  void openMap() {
    driver = Browser.openMap(url(""), "admin", "/");
    assertThat(driver.findElement(By.tagName("body")).getAttribute("data-ready")).isEqualTo("true");
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  @Test
  void opensOnTheExtentOfTheBorder() {
    JsonNode extent = get("/api/config").json().path("extent");
    String view = driver.findElement(By.id("map")).getAttribute("data-view"); // "w,s,e,n zZ WxH"
    String[] parts = view.split(" ");
    String[] box = parts[0].split(",");
    double w = Double.parseDouble(box[0]);
    double s = Double.parseDouble(box[1]);
    double e = Double.parseDouble(box[2]);
    double n = Double.parseDouble(box[3]);
    double zoom = Double.parseDouble(parts[1].substring(1));
    assertThat(w).isLessThanOrEqualTo(extent.get(0).asDouble());
    assertThat(s).isLessThanOrEqualTo(extent.get(1).asDouble());
    assertThat(e).isGreaterThanOrEqualTo(extent.get(2).asDouble());
    assertThat(n).isGreaterThanOrEqualTo(extent.get(3).asDouble());
    // ...and not the whole world: the border (2.35° wide) fills a good part of the width
    assertThat(e - w).isLessThan(2 * (extent.get(2).asDouble() - extent.get(0).asDouble()));
    assertThat(zoom).isGreaterThanOrEqualTo(8);
  }

  /**
   * Colours drawn along each segment: for many points along its line (screen pixels), the RGBA of the
   * segments layer's own canvas there (the tiles are canvases; the test reads what was painted).
   */
  @SuppressWarnings("unchecked")
  private List<List<Object>> samplesAlongSegments() {
    return (List<List<Object>>) js("""
        const layer = window.borderzone.segments.layer, map = window.borderzone.map, z = layer._tileZoom;
        const out = [];
        for (const entry of layer.current()) {
          const t = entry.data && entry.data.segments;
          if (!t) continue;
          const k = entry.size / t.extent;
          for (const f of t.features) {
            for (const r of f.rings) {
              for (let i = 0; i + 3 < r.length; i += 2) {
                for (let s = 0; s < 6; s++) {
                  const u = r[i] + (r[i + 2] - r[i]) * (s + 0.5) / 6, v = r[i + 1] + (r[i + 3] - r[i + 1]) * (s + 0.5) / 6;
                  if (u < 8 || v < 8 || u > t.extent - 8 || v > t.extent - 8) continue; // off the tile's own area
                  const ll = map.unproject([entry.coords.x * entry.size + u * k, entry.coords.y * entry.size + v * k], z);
                  const cp = map.latLngToContainerPoint(ll);
                  if (cp.x < 0 || cp.y < 0 || cp.x >= map.getSize().x || cp.y >= map.getSize().y) continue;
                  out.push([String(f.properties.id), f.properties.status, layer.pixelAt(cp)]);
                }
              }
            }
          }
        }
        return out;
        """);
  }

  @Test
  @SuppressWarnings("unchecked")
  void segmentsAreDrawnInTheirStatusColours() {
    JsonNode features = get("/api/segments").json().path("features");
    Map<String, String> statusOf = new HashMap<>();
    Map<String, Integer> expected = new HashMap<>();
    for (JsonNode f : features) {
      String status = f.path("properties").path("status").asString();
      statusOf.put(f.path("properties").path("id").asString(), status);
      expected.merge(status, 1, Integer::sum);
    }
    TileMap.waitLoaded(driver, TileMap.SEGMENTS, 30);
    // every segment is drawn from the tiles (the opening view holds the whole border), with the server's status
    Map<String, String> drawnStatus = new HashMap<>();
    for (Map<String, Object> d : TileMap.drawn(TileMap.SEGMENTS)) {
      drawnStatus.put((String) d.get("id"), (String) ((Map<String, Object>) d.get("props")).get("status"));
    }
    assertThat(drawnStatus).isEqualTo(statusOf);
    Map<String, Integer> drawn = new HashMap<>();
    drawnStatus.values().forEach(s -> drawn.merge(s, 1, Integer::sum));
    assertThat(drawn).isEqualTo(expected);

    // ...and painted in the status colour: along the segments of each status, the canvas mostly holds that
    // colour, fully opaque (at this zoom a 1 km segment is a few pixels, so its neighbours overlap its ends);
    // dashed statuses show gaps, the solid one (RATIFIED) hardly any
    Map<String, int[]> matches = new HashMap<>();
    Map<String, int[]> onOff = new HashMap<>();
    for (List<Object> sample : samplesAlongSegments()) {
      String status = (String) sample.get(1);
      List<Number> rgba = (List<Number>) sample.get(2);
      int[] counts = onOff.computeIfAbsent(status, k -> new int[2]);
      int[] m = matches.computeIfAbsent(status, k -> new int[2]);
      if (rgba.get(3).intValue() == 255) {
        counts[0]++;
        m[TileMap.close(TileMap.hex(rgba), SEGMENT_COLOURS.get(status)) ? 0 : 1]++;
      } else if (rgba.get(3).intValue() == 0) {
        counts[1]++;
      }
    }
    assertThat(matches.keySet()).isEqualTo(expected.keySet());
    for (Map.Entry<String, int[]> e : matches.entrySet()) {
      double share = e.getValue()[0] / (double) (e.getValue()[0] + e.getValue()[1]);
      assertThat(share).as("opaque samples along %s segments in %s", e.getKey(), SEGMENT_COLOURS.get(e.getKey()))
          .isGreaterThan(0.6);
    }
    for (Map.Entry<String, int[]> e : onOff.entrySet()) {
      double gaps = e.getValue()[1] / (double) (e.getValue()[0] + e.getValue()[1]);
      if (e.getKey().equals("RATIFIED")) {
        assertThat(gaps).as("gaps along the solid RATIFIED line").isLessThan(0.03);
      } else {
        assertThat(gaps).as("gaps along the dashed %s lines", e.getKey()).isGreaterThan(0.04);
      }
    }
    // each status has its own dash pattern (readable without colour), in the table the layer draws with
    List<String> dashes = (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        import('/js/layers/segments.js').then((m) => done(Object.values(m.SEGMENT_STYLE).map((s) => String(s.dashArray))));
        """);
    assertThat(new HashSet<>(dashes)).hasSize(SEGMENT_COLOURS.size());
    // the legend counts the same segments per status
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      String count = driver.findElement(By.cssSelector("#legend li[data-status='" + e.getKey() + "'] .legend-count"))
          .getAttribute("textContent"); // the legend starts folded
      assertThat(count).isEqualTo(String.valueOf(e.getValue()));
    }
  }

  @Test
  void progressPanelShowsTheServersPercentDemarcated() {
    double percent = get("/api/progress").json().path("percentDemarcated").asDouble();
    String expected = String.format(Locale.ROOT, "%.1f", Math.round(percent * 10) / 10.0);
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> !d.findElements(By.id("progress-percent")).isEmpty());
    assertThat(driver.findElement(By.id("progress-percent")).getText()).isEqualTo(expected);
    assertThat(driver.findElement(By.id("header-summary")).getText()).startsWith(expected + " %");
    // the km-per-status bar is drawn from the same figures: its rectangles' widths add up to 100 %
    Number widths = (Number) js("""
        return Array.from(document.querySelectorAll('#panel-progress svg.status-bar:not(.status-bar-mini) rect'))
          .reduce((s, r) => s + parseFloat(r.getAttribute('width')), 0);
        """);
    assertThat(widths.doubleValue()).isCloseTo(100.0, within(0.01));
  }

  @Test
  @SuppressWarnings("unchecked")
  void clickingASegmentShowsItsCodeAndHistory() {
    TileMap.waitLoaded(driver, TileMap.SEGMENTS, 30);
    // a point on a drawn segment that the map really receives (not under the legend, a control or a marker),
    // where the map's hit test finds that segment
    List<Object> target = (List<Object>) js("""
        const drawn = window.borderzone.segments.layer.drawn();
        const map = document.getElementById('map');
        for (const d of drawn.slice(Math.floor(drawn.length / 3))) {
          const [x, y] = d.point, r = map.getBoundingClientRect();
          const under = document.elementFromPoint(r.left + x, r.top + y);
          if (!under || !under.closest('.leaflet-container') || under.closest('.leaflet-control, .leaflet-marker-icon, .leaflet-interactive')) continue;
          const hit = window.borderzone.interaction.hitAt(L.point(x, y));
          if (hit && hit.feature === d.feature) {
            return [Math.round(r.left + x), Math.round(r.top + y), 'bz-status-' + d.feature.properties.status];
          }
        }
        return null;
        """);
    assertThat(target).as("a clickable segment on screen").isNotNull();
    int x = ((Number) target.get(0)).intValue();
    int y = ((Number) target.get(1)).intValue();
    new Actions(driver).moveToLocation(x, y).click().perform();

    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("segment-code")).isEmpty());
    String code = driver.findElement(By.id("segment-code")).getText();
    assertThat(code).matches("KH-LA-\\d{3}");
    assertThat(driver.findElement(By.id("tab-segment")).getAttribute("aria-selected")).isEqualTo("true");
    // the panel shows the same segment the server knows, with its status
    JsonNode seg = null;
    for (JsonNode f : get("/api/segments").json().path("features")) {
      if (f.path("properties").path("code").asString().equals(code)) {
        seg = f;
      }
    }
    assertThat(seg).isNotNull();
    String status = seg.path("properties").path("status").asString();
    assertThat(target.get(2).toString()).contains("bz-status-" + status);
    // history: one list item per status change the server reports
    int changes = get("/api/segments/" + seg.path("id").asInt() + "/history").json().path("changes").size();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> d.findElements(By.cssSelector("#panel-segment ol.history")).size() > 0);
    int items = driver.findElements(By.cssSelector("#panel-segment ol.history")).get(0)
        .findElements(By.cssSelector(":scope > li")).size();
    assertThat(items).isEqualTo(changes).isGreaterThan(0);
    // the inspection form is ready for that segment
    driver.findElement(By.id("tab-inspection")).click();
    assertThat(driver.findElement(By.id("inspection-form")).getText()).contains(code);
  }

  @Test
  @SuppressWarnings("unchecked")
  void pillarsAppearInTheirStatusColoursWhenZoomedIn() {
    assertThat(driver.findElements(By.cssSelector("#map path.bz-pillar"))).isEmpty(); // not at the opening zoom
    JsonNode pillar = get("/api/pillars").json().path("features").get(0);
    double lon = pillar.path("geometry").path("coordinates").get(0).asDouble();
    double lat = pillar.path("geometry").path("coordinates").get(1).asDouble();
    js("window.borderzone.map.setView([arguments[0], arguments[1]], 12, {animate: false});", lat, lon);
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(d -> !d.findElements(By.cssSelector("#map path.bz-pillar")).isEmpty());
    List<List<String>> markers = (List<List<String>>) js("""
        return Array.from(document.querySelectorAll('#map path.bz-pillar')).map(p =>
          [p.getAttribute('class'), p.getAttribute('fill') || '']);
        """);
    Set<String> seen = new HashSet<>();
    for (List<String> m : markers) {
      String status = m.get(0).replaceAll(".*\\bbz-pillar-([A-Z]+)\\b.*", "$1");
      assertThat(m.get(1).toLowerCase(Locale.ROOT)).as("fill of a %s pillar", status)
          .isEqualTo(PILLAR_FILLS.get(status));
      seen.add(status);
    }
    assertThat(seen).contains(pillar.path("properties").path("status").asString());
  }
}
