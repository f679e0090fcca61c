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
 * the border's extent, every segment is drawn in its status colour, the progress panel shows the server's
 * figure, a click on a segment opens its details and history, and pillars appear when zoomed in.
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

  @Test
  @SuppressWarnings("unchecked")
  void segmentsAreDrawnInTheirStatusColours() {
    JsonNode features = get("/api/segments").json().path("features");
    Map<String, Integer> expected = new HashMap<>();
    for (JsonNode f : features) {
      expected.merge(f.path("properties").path("status").asString(), 1, Integer::sum);
    }
    List<List<String>> paths = (List<List<String>>) js("""
        return Array.from(document.querySelectorAll('#map path.bz-segment')).map(p =>
          [p.getAttribute('class'), p.getAttribute('stroke') || '', p.getAttribute('stroke-dasharray') || 'none']);
        """);
    assertThat(paths).hasSize(features.size());
    Map<String, Integer> drawn = new HashMap<>();
    Map<String, String> dashes = new HashMap<>();
    for (List<String> p : paths) {
      String status = p.get(0).replaceAll(".*\\bbz-status-([A-Z]+)\\b.*", "$1");
      assertThat(SEGMENT_COLOURS).containsKey(status);
      assertThat(p.get(1).toLowerCase(Locale.ROOT)).as("stroke of a %s segment", status)
          .isEqualTo(SEGMENT_COLOURS.get(status));
      drawn.merge(status, 1, Integer::sum);
      dashes.put(status, p.get(2));
    }
    assertThat(drawn).isEqualTo(expected);
    // each status present also has its own dash pattern (readable without colour)
    assertThat(new HashSet<>(dashes.values())).hasSize(dashes.size());
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
    // a point on a segment that is really on top there (not under the legend or a label)
    List<Object> target = (List<Object>) js("""
        const paths = Array.from(document.querySelectorAll('#map path.bz-segment'));
        for (const p of paths.slice(Math.floor(paths.length / 3))) {
          const len = p.getTotalLength();
          if (!len) continue;
          const pt = p.getPointAtLength(len / 2);
          const m = p.getScreenCTM();
          const x = pt.x * m.a + pt.y * m.c + m.e, y = pt.x * m.b + pt.y * m.d + m.f;
          if (document.elementFromPoint(x, y) === p) {
            return [Math.round(x), Math.round(y), p.getAttribute('class')];
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
