package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * A readable map (issue 11): one analysis at a time chosen in the Incidents panel and always the one drawn, listed
 * and in the legend, fetched once per query; a legend that never covers a control; pick mode that no layer
 * intercepts; incidents clustered at high zoom with the hot segments above them; the network and bases off at
 * first; the rivers of the offline base map drawn at patrol zoom.
 */
class MapReadBrowserIT extends IntegrationTest {

  private JsonNode texts;

  private String text(String key) {
    if (texts == null) {
      texts = get("/api/i18n?lang=en").json();
    }
    return texts.path(key).asString();
  }

  private static Object js(String script, Object... args) {
    return Browser.js(script, args);
  }

  private static WebDriverWait waitUpTo(WebDriver d, int seconds) {
    return new WebDriverWait(d, Duration.ofSeconds(seconds));
  }

  /** Radio id, key in window.borderzone.analysis, layer-list label key, legend section key (a prefix of it). */
  private static final String[][] ANALYSES = {
      {"gistar", "hex", "layer.hotspots", "legend.hotspots"},
      {"density", "density", "layer.density", "legend.density"},
      {"clusters", "clusters", "layer.clusters", "legend.clusters"},
      {"emerging", "emerging", "layer.emerging", "legend.emerging"},
  };

  /** What is drawn, listed and in the legend, per analysis; and whether each has finished loading. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> shown(String[] a) {
    String legendPrefix = text(a[3]).replaceAll("\\{.*", "").trim().toUpperCase(Locale.ROOT);
    return (Map<String, Object>) js("""
        const [name, label, prefix] = arguments;
        const b = window.borderzone, layer = b.analysis[name].layer;
        const row = Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
          .find((l) => l.textContent.trim() === label);
        const legend = Array.from(document.querySelectorAll('#legend .legend-section'))
          .some((s) => s.textContent.toUpperCase().startsWith(prefix));
        const st = b.analysis[name].state;
        const loaded = name === 'hex' ? document.getElementById('map').dataset.hotspots === 'ready'
          : Boolean(st && st.key && !st.error);
        return {drawn: b.map.hasLayer(layer), listed: row.querySelector('input').checked, legend, loaded,
          radio: document.getElementById('analysis-' + arguments[3]).checked};
        """, a[1], text(a[2]), legendPrefix, a[0]);
  }

  private void choose(WebDriver d, String id) {
    d.findElement(By.id("analysis-" + id)).click();
    waitUpTo(d, 60).until(x -> {
      for (String[] a : ANALYSES) {
        Map<String, Object> s = shown(a);
        boolean on = a[0].equals(id);
        if (!s.get("drawn").equals(on) || !s.get("listed").equals(on) || !s.get("legend").equals(on)
            || !s.get("radio").equals(on) || (on && !Boolean.TRUE.equals(s.get("loaded")))) {
          return false;
        }
      }
      return id.equals(x.findElement(By.id("map")).getAttribute("data-analysis"));
    });
  }

  private static long requests(String part) {
    return ((Number) js("return performance.getEntriesByType('resource').filter((e) => e.name.includes(arguments[0])).length;",
        part)).longValue();
  }

  /** Gi* tiles that came over the network (not from the browser's cache). */
  private static long gistarTransfers() {
    return ((Number) js("""
        return performance.getEntriesByType('resource')
          .filter((e) => e.name.includes('/tiles/gistar/') && e.transferSize > 0).length;""")).longValue();
  }

  @Test
  void oneAnalysisAtATimeAlwaysTheOneDrawnListedAndInTheLegendAndFetchedOnce() {
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    js("performance.setResourceTimingBufferSize(20000); performance.clearResourceTimings();");
    d.findElement(By.id("tab-incidents")).click();
    assertThat(d.findElement(By.id("analysis-none")).isSelected()).as("none at first").isTrue();
    d.findElement(By.cssSelector("#legend summary")).click();
    long gistarBefore = -1;
    for (String id : List.of("density", "clusters", "emerging", "gistar", "none", "density", "clusters", "emerging",
        "gistar", "density")) {
      if (id.equals("gistar") && gistarBefore >= 0) {
        gistarBefore = gistarTransfers();
      }
      choose(d, id);
      if (id.equals("gistar") && gistarBefore < 0) {
        gistarBefore = 0; // the first showing fetched the tiles; the second must not
      } else if (id.equals("gistar")) {
        assertThat(gistarTransfers()).as("Gi* tiles fetched again").isEqualTo(gistarBefore);
      }
    }
    // each GeoJSON analysis asked the server once for this window, however often it was shown
    for (String part : List.of("/api/hotspots/density?", "/api/hotspots/clusters?", "/api/hotspots/emerging?")) {
      assertThat(requests(part)).as(part).isEqualTo(1);
    }
    for (String name : List.of("density", "clusters", "emerging")) {
      assertThat(((Number) js("return window.borderzone.analysis[arguments[0]].state.fetches;", name)).intValue())
          .as(name).isEqualTo(1);
    }

    // a tick in the layer list is the same choice: the radio follows, the other analysis goes
    js("""
        Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
          .find((l) => l.textContent.trim() === arguments[0]).querySelector('input').click();""",
        text("layer.clusters"));
    waitUpTo(d, 30).until(x -> d.findElement(By.id("analysis-clusters")).isSelected()
        && Boolean.FALSE.equals(js("return window.borderzone.map.hasLayer(window.borderzone.analysis.density.layer);")));
    // a new window is a new query: fetched once more
    js("window.borderzone.filter.set({from: window.borderzone.filter.get().min}, {immediate: true});");
    waitUpTo(d, 60).until(x -> requests("/api/hotspots/clusters?") == 2);
    choose(d, "none");
  }

  /** The rectangle [left, top, right, bottom] of the legend and of every control of the top corners. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> rectangles() {
    return (Map<String, Object>) js("""
        const r = (e) => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
        return {legend: r(document.getElementById('legend')),
          controls: Array.from(document.querySelectorAll('.leaflet-top .leaflet-control'))
            .filter((c) => c.offsetHeight > 0).map((c) => ({name: c.className, rect: r(c)}))};""");
  }

  @SuppressWarnings("unchecked")
  private static void assertNoOverlap(String where) {
    Map<String, Object> rs = rectangles();
    List<Number> l = (List<Number>) rs.get("legend");
    List<Map<String, Object>> controls = (List<Map<String, Object>>) rs.get("controls");
    assertThat(controls).as("controls at %s", where).hasSizeGreaterThanOrEqualTo(4);
    for (Map<String, Object> c : controls) {
      List<Number> r = (List<Number>) c.get("rect");
      boolean intersects = l.get(0).doubleValue() < r.get(2).doubleValue() && r.get(0).doubleValue() < l.get(2).doubleValue()
          && l.get(1).doubleValue() < r.get(3).doubleValue() && r.get(1).doubleValue() < l.get(3).doubleValue();
      assertThat(intersects).as("legend %s and %s %s at %s", l, c.get("name"), r, where).isFalse();
    }
  }

  @Test
  void theOpenLegendNeverCoversAControlOnADesktopOrAPhone() {
    int[][] sizes = {{1400, 900}, {390, 844}};
    try {
      for (int[] s : sizes) {
        String where = s[0] + "x" + s[1];
        Viewport.set(s[0], s[1], s[0] < 700);
        WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
        // the longest legend: Gi* bins as well as incidents, segments, pillars and the reference items
        js("document.getElementById('analysis-gistar').click(); document.querySelector('#legend summary').click();");
        waitUpTo(d, 60).until(x -> "ready".equals(x.findElement(By.id("map")).getAttribute("data-hotspots")));
        js("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));");
        assertThat((Boolean) js("return document.querySelector('#legend details').open;")).isTrue();
        assertNoOverlap(where);
        // the layer list opened (hovered) is capped above the legend, which shrinks below it
        new Actions(d).moveToElement(d.findElement(By.cssSelector(".leaflet-control-layers"))).perform();
        waitUpTo(d, 10).until(x -> !x.findElements(By.cssSelector(".leaflet-control-layers-expanded")).isEmpty());
        js("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));");
        assertNoOverlap(where + ", layer list open");
        new Actions(d).moveToElement(d.findElement(By.id("map")), 0, 0).perform();
        js("document.getElementById('analysis-none').click();");
      }
    } finally {
      Viewport.reset();
    }
  }

  private String report(double lon, double lat, String description) {
    String occurred = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).truncatedTo(ChronoUnit.SECONDS).toString();
    Response created = as("kh-planner").post("/api/incidents", """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [%s, %s]},
         "properties": {"type": "UXO", "severity": 2, "occurredAt": "%s", "releasability": "SHARED",
                        "description": "%s"}}
        """.formatted(lon, lat, occurred, description));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().path("id").asString();
  }

  @SuppressWarnings("unchecked")
  private static List<Number> pointOf(WebDriver d, String id) {
    waitUpTo(d, 20).until(x -> js("""
        return window.borderzone.incidents.layer.drawn((f, name) => name === 'incidents' && f.properties.id === arguments[0]).length;
        """, id) instanceof Number n && n.intValue() > 0);
    return (List<Number>) js("""
        const d = window.borderzone.incidents.layer.drawn((f, name) => name === 'incidents' && f.properties.id === arguments[0])[0];
        const r = document.getElementById('map').getBoundingClientRect();
        return [r.left + d.point[0], r.top + d.point[1]];""", id);
  }

  @Test
  void aPickIgnoresTheLayersAndTheyAnswerAgainAfterTheRelease() {
    double lon = 105.3012 + (System.nanoTime() % 1000) * 1e-5;
    double lat = 14.1803 + (System.nanoTime() / 1000 % 1000) * 1e-5;
    String id = report(lon, lat, "pick-" + System.nanoTime());
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    js("window.borderzone.map.setView([arguments[0], arguments[1]], 16, {animate: false});", lat, lon);
    d.findElement(By.id("tab-incidents")).click();
    List<Number> at = pointOf(d, id);

    // armed, then released (Escape): the incident answers its click again
    d.findElement(By.id("report-start")).click();
    assertThat(d.findElement(By.id("map")).getAttribute("data-picking")).isEqualTo("report");
    new Actions(d).sendKeys(Keys.ESCAPE).perform();
    assertThat(d.findElement(By.id("map")).getAttribute("data-picking")).isNull();
    d.findElement(By.cssSelector("#report-armed + button")).click(); // the form's cancel: back to its start
    new Actions(d).moveToLocation(at.get(0).intValue(), at.get(1).intValue()).click().perform();
    waitUpTo(d, 10).until(x -> !x.findElements(By.cssSelector(".bz-incident-popup[data-id='" + id + "']")).isEmpty());
    js("window.borderzone.map.closePopup();");

    // armed: a click on the incident's icon sets the point there and opens nothing
    d.findElement(By.id("report-start")).click();
    waitUpTo(d, 5).until(x -> "report".equals(x.findElement(By.id("map")).getAttribute("data-picking")));
    new Actions(d).moveToLocation(at.get(0).intValue(), at.get(1).intValue()).click().perform();
    waitUpTo(d, 10).until(x -> !x.findElements(By.id("report-where")).isEmpty());
    js("return new Promise((r) => setTimeout(r, 500));"); // time for a popup to open, if one would
    assertThat(d.findElements(By.cssSelector(".bz-incident-popup"))).isEmpty();
    // the point set is the incident's (within a few metres: the click's pixel at zoom 16)
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+\\.\\d+)\\D+(\\d+\\.\\d+)")
        .matcher(d.findElement(By.id("report-where")).getText());
    assertThat(m.find()).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isCloseTo(lon, org.assertj.core.api.Assertions.within(1e-4));
    assertThat(Double.parseDouble(m.group(2))).isCloseTo(lat, org.assertj.core.api.Assertions.within(1e-4));
  }

  @Test
  @SuppressWarnings("unchecked")
  void incidentsAreClusteredAtHighZoomAndTheHotSegmentsAreDrawnAboveThem() {
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    // the pane order: hot segments over the incidents' bubbles, icons and clusters
    Map<String, Object> z = (Map<String, Object>) js("""
        const m = window.borderzone.map, zi = (p) => Number(getComputedStyle(m.getPane(p)).zIndex);
        return {hot: zi(window.borderzone.hot.layer.options.pane), incidents: zi(window.borderzone.incidents.layer.options.pane)};""");
    assertThat(((Number) z.get("hot")).intValue()).isGreaterThan(((Number) z.get("incidents")).intValue());

    // zoom 13 over the checkpoint, where the demo incidents crowd: clusters with counts
    js("window.borderzone.map.setView([13.93, 105.96], 13, {animate: false});");
    TileMap.waitLoaded(d, TileMap.INCIDENTS, 30);
    Map<String, Object> t = (Map<String, Object>) js("""
        const l = window.borderzone.incidents.layer, d = l.drawn();
        const clusters = d.filter((x) => x.layerName === 'incident_clusters');
        let near = 0;
        for (let i = 0; i < d.length; i++) for (let j = i + 1; j < d.length; j++) {
          const [a, b] = [d[i], d[j]];
          if (a.tile.x === b.tile.x && a.tile.y === b.tile.y && a.layerName === 'incidents' && b.layerName === 'incidents'
              && Math.hypot(a.point[0] - b.point[0], a.point[1] - b.point[1]) < 20) near++;
        }
        return {clusters: clusters.length, inClusters: clusters.reduce((s, x) => s + x.feature.properties.count, 0),
          singles: d.filter((x) => x.layerName === 'incidents').length, near,
          bbox: l.coverage().bbox.map((v) => v.toFixed(7)).join(',')};""");
    assertThat(((Number) t.get("clusters")).intValue()).as("clusters at z13").isPositive();
    assertThat(((Number) t.get("near")).intValue()).as("single icons of one tile on top of each other").isZero();
    // nothing lost: the clusters' counts and the single icons add up to what the server has in the tiles' box
    String window = (String) js("const p = window.borderzone.filter.incidentParams(); return 'from=' + p.from + '&to=' + p.to;");
    long matched = as("kh-planner").get("/api/incidents?size=1&bbox=" + t.get("bbox") + "&" + window).json()
        .path("numberMatched").asLong();
    assertThat(((Number) t.get("inClusters")).longValue() + ((Number) t.get("singles")).longValue()).isEqualTo(matched);

    // a click on a cluster zooms in towards its incidents
    List<Number> target = (List<Number>) js("""
        const r = document.getElementById('map').getBoundingClientRect();
        for (const c of window.borderzone.incidents.layer.drawn((f, name) => name === 'incident_clusters')) {
          const [x, y] = c.point;
          if (x < 60 || y < 60 || x > r.width - 60 || y > r.height - 60) continue;
          const hit = window.borderzone.interaction.hitAt(L.point(x, y));
          if (hit && hit.feature === c.feature) return [r.left + x, r.top + y];
        }
        return null;""");
    assertThat(target).isNotNull();
    new Actions(d).moveToLocation(target.get(0).intValue(), target.get(1).intValue()).click().perform();
    waitUpTo(d, 10).until(x -> ((Number) js("return window.borderzone.map.getZoom();")).doubleValue() > 13);

    // from zoom 16 on every incident is its own icon
    js("window.borderzone.map.setView([13.93, 105.96], 16, {animate: false});");
    TileMap.waitLoaded(d, TileMap.INCIDENTS, 30);
    assertThat(((Number) js("""
        return window.borderzone.incidents.layer.drawn((f, name) => name === 'incident_clusters').length;""")).intValue())
        .isZero();
  }

  @Test
  void theNetworkAndTheBasesAreOffAtFirstAndOnThroughTheLayerList() {
    for (String user : List.of("kh-planner", "kh-patrol")) {
      WebDriver d = Browser.openMap(url(""), user, "/");
      assertThat((Boolean) js("return window.borderzone.map.hasLayer(window.borderzone.network.layer);")).as(user).isFalse();
      assertThat((Boolean) js("return window.borderzone.map.hasLayer(window.borderzone.bases.layer);")).as(user).isFalse();
      js("""
          Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
            .find((l) => l.textContent.trim() === arguments[0]).querySelector('input').click();""", text("layer.bases"));
      waitUpTo(d, 10).until(x -> Boolean.TRUE.equals(js("return window.borderzone.map.hasLayer(window.borderzone.bases.layer);")));
      assertThat(d.findElements(By.cssSelector(".bz-base"))).as(user).isNotEmpty();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theRiversOfTheOfflineBaseMapAreDrawnAtPatrolZoom() {
    JsonNode water = as("kh-patrol").get("/api/basemap/water").json();
    JsonNode mekong = null;
    for (JsonNode f : water.path("features")) {
      if ("Mekong".equals(f.path("properties").path("name").asString())) {
        mekong = f;
      }
    }
    assertThat(mekong).isNotNull();
    JsonNode coords = mekong.path("geometry").path("coordinates");
    JsonNode mid = coords.get(coords.size() / 2);
    WebDriver d = Browser.openMap(url(""), "kh-patrol", "/");
    js("window.borderzone.map.setView([arguments[0], arguments[1]], 12, {animate: false});", mid.get(1).asDouble(),
        mid.get(0).asDouble());
    js("return new Promise((r) => setTimeout(r, 300));");
    // the river is drawn through the centre of the view, in the rivers' blue, with the Natural Earth credit
    Map<String, Object> r = (Map<String, Object>) js("""
        const m = document.getElementById('map').getBoundingClientRect(), cx = m.left + m.width / 2, cy = m.top + m.height / 2;
        const paths = Array.from(document.querySelectorAll('#map .leaflet-bz-water-pane path.bz-river'));
        const through = paths.filter((p) => { const b = p.getBoundingClientRect();
          return b.left - 3 <= cx && cx <= b.right + 3 && b.top - 3 <= cy && cy <= b.bottom + 3; });
        return {paths: paths.length, through: through.length, stroke: through.length ? through[0].getAttribute('stroke') : null,
          zoom: window.borderzone.map.getZoom(), credit: document.querySelector('.leaflet-control-attribution').textContent};""");
    assertThat(((Number) r.get("zoom")).intValue()).isEqualTo(12);
    assertThat(((Number) r.get("paths")).intValue()).isGreaterThanOrEqualTo(3);
    assertThat(((Number) r.get("through")).intValue()).isPositive();
    assertThat((String) r.get("stroke")).isEqualTo("#5b9bd5");
    assertThat((String) r.get("credit")).contains("Natural Earth");
  }
}
