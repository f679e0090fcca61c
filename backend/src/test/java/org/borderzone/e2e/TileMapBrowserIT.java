package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The map drawn from the vector tiles (docs/TILES.md, web js/layers/mvt-layer.js) in a real browser: the
 * incident, segment and analysis layers draw what their .mvt requests returned (and nothing comes from the
 * GeoJSON endpoints they replaced); a click on a drawn incident or segment opens that one; the type filter
 * changes the tile URLs and what is drawn; an LA reader's map never receives a KH national incident.
 */
class TileMapBrowserIT extends IntegrationTest {

  private static final Pattern TILE = Pattern.compile("/tiles/([a-z-]+)/(\\d+)/(\\d+)/(\\d+)\\.mvt(\\?.*)?$");

  private static WebDriverWait waitUpTo(WebDriver d, int seconds) {
    return new WebDriverWait(d, Duration.ofSeconds(seconds));
  }

  /** "z/x/y" of every tile of {@code layer} the page requested. */
  private static Set<String> requestedTiles(List<String> urls, String layer) {
    Set<String> out = new HashSet<>();
    for (String u : urls) {
      Matcher m = TILE.matcher(u);
      if (m.find() && m.group(1).equals(layer)) {
        out.add(m.group(2) + "/" + m.group(3) + "/" + m.group(4));
      }
    }
    return out;
  }

  /** "z/x/y" of the tiles the drawn features of a layer come from. */
  @SuppressWarnings("unchecked")
  private static Set<String> drawnTiles(String layer) {
    return new HashSet<>((List<String>) Browser.js("return Array.from(new Set(" + layer
        + ".drawn().map((d) => d.tile.z + '/' + d.tile.x + '/' + d.tile.y)));"));
  }

  private static void toggleOverlay(String text) {
    Browser.js("""
        const label = Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
          .find((l) => l.textContent.includes(arguments[0]));
        label.querySelector('input').click();
        """, text);
  }

  private String report(String user, double lon, double lat, String type, String releasability, String description) {
    String occurred = OffsetDateTime.now(ZoneOffset.UTC).minusHours(3).truncatedTo(ChronoUnit.SECONDS).toString();
    Response created = as(user).post("/api/incidents", """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [%s, %s]},
         "properties": {"type": "%s", "severity": 3, "occurredAt": "%s", "releasability": "%s", "description": "%s"}}
        """.formatted(lon, lat, type, occurred, releasability, description));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().path("id").asString();
  }

  @Test
  @SuppressWarnings("unchecked")
  void incidentSegmentAndAnalysisLayersDrawWhatTheirTileRequestsReturned() {
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    TileMap.waitLoaded(d, TileMap.SEGMENTS, 30);
    TileMap.waitLoaded(d, TileMap.INCIDENTS, 30);
    TileMap.waitLoaded(d, TileMap.HOT, 30);
    List<String> urls = TileMap.requests();
    // nothing drawn comes from the GeoJSON endpoints the tiles replaced
    assertThat(urls).noneMatch(u -> u.contains("/api/incidents/grid") || u.contains("/api/incidents?")
        || u.contains("/api/hotspots?"));
    for (String[] layer : new String[][] {{TileMap.SEGMENTS, "segments"}, {TileMap.INCIDENTS, "incidents"},
        {TileMap.HOT, "hot-segments"}}) {
      Set<String> drawn = drawnTiles(layer[0]);
      assertThat(drawn).as("tiles with %s drawn", layer[1]).isNotEmpty();
      assertThat(requestedTiles(urls, layer[1])).as(".mvt requests of %s", layer[1]).containsAll(drawn);
    }
    // the URLs carry the layer's version and the filter's window
    JsonNode versions = as("kh-planner").get("/tiles/versions").json().path("layers");
    assertThat(urls).filteredOn(u -> u.contains("/tiles/incidents/"))
        .allMatch(u -> u.contains("v=" + versions.path("incidents").asLong()) && u.contains("from=") && u.contains("to="));

    // Gi*: switched on, its cells come from gistar tiles
    TileMap.clearRequests();
    toggleOverlay("Gi*");
    waitUpTo(d, 60).until(x -> "ready".equals(x.findElement(By.id("map")).getAttribute("data-hotspots")));
    TileMap.waitLoaded(d, TileMap.GISTAR, 60);
    Set<String> gi = drawnTiles(TileMap.GISTAR);
    assertThat(gi).isNotEmpty();
    assertThat(requestedTiles(TileMap.requests(), "gistar")).containsAll(gi);
    assertThat(TileMap.requests()).noneMatch(u -> u.contains("/api/hotspots"));
    toggleOverlay("Gi*");
  }

  @Test
  @SuppressWarnings("unchecked")
  void clickingADrawnIncidentAndADrawnSegmentOpensThatOne() {
    String marker = "tile-click-" + System.nanoTime();
    // a place of its own (earlier runs left their reports nearby): one incident under the click
    double lon = 105.7042 + (System.nanoTime() % 1000) * 1e-5;
    double lat = 14.2113 + (System.nanoTime() / 1000 % 1000) * 1e-5;
    String id = report("kh-planner", lon, lat, "UXO", "SHARED", marker);
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    Browser.js("window.borderzone.map.setView([arguments[0], arguments[1]], 16, {animate: false});", lat, lon);
    MapWorkflowsIT.clickDrawnIncident(d, id);
    waitUpTo(d, 10).until(x -> !x.findElements(By.cssSelector(".bz-incident-popup[data-id='" + id + "']")).isEmpty());
    assertThat(d.findElement(By.cssSelector(".bz-incident-popup .incident-description")).getText()).isEqualTo(marker);
    Browser.js("window.borderzone.map.closePopup();");

    // a segment: the middle of one, zoomed in; click where the layer drew it
    JsonNode seg = get("/api/segments").json().path("features").get(7);
    JsonNode coords = seg.path("geometry").path("coordinates");
    JsonNode mid = seg.path("geometry").path("type").asString().equals("LineString")
        ? coords.get(coords.size() / 2) : coords.get(0).get(coords.get(0).size() / 2);
    Browser.js("window.borderzone.map.setView([arguments[0], arguments[1]], 14, {animate: false});",
        mid.get(1).asDouble(), mid.get(0).asDouble());
    TileMap.waitLoaded(d, TileMap.SEGMENTS, 30);
    TileMap.waitLoaded(d, TileMap.INCIDENTS, 30);
    List<Object> target = (List<Object>) Browser.js("""
        const want = arguments[0];
        const map = document.getElementById('map'), r = map.getBoundingClientRect();
        for (const dr of window.borderzone.segments.layer.drawn((f) => f.properties.id === want)) {
          const [x, y] = dr.point;
          if (x < 40 || y < 40 || x > r.width - 40 || y > r.height - 40) continue;
          const under = document.elementFromPoint(r.left + x, r.top + y);
          if (!under || under.closest('.leaflet-control, .leaflet-marker-icon, .leaflet-interactive')) continue;
          const hit = window.borderzone.interaction.hitAt(L.point(x, y));
          if (hit && hit.feature.properties.id === want && hit.layerName === 'segments') return [r.left + x, r.top + y];
        }
        return null;
        """, seg.path("properties").path("id").asInt());
    assertThat(target).as("segment %s drawn and clickable", seg.path("properties").path("code").asString()).isNotNull();
    new Actions(d).moveToLocation(((Number) target.get(0)).intValue(), ((Number) target.get(1)).intValue()).click().perform();
    waitUpTo(d, 10).until(x -> !x.findElements(By.id("segment-code")).isEmpty()
        && x.findElement(By.id("segment-code")).getText().equals(seg.path("properties").path("code").asString()));
    assertThat(d.findElement(By.id("tab-segment")).getAttribute("aria-selected")).isEqualTo("true");
  }

  /** Sum of the counts of every cell in the loaded incident tiles, and the tiles' box. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> cellTotals() {
    return (Map<String, Object>) Browser.js("""
        const l = window.borderzone.incidents.layer, types = {};
        let all = 0;
        for (const dr of l.drawn()) {
          all += dr.feature.properties.count;
          for (const [k, v] of Object.entries(dr.feature.properties)) if (/^[A-Z_]+$/.test(k)) types[k] = (types[k] || 0) + v;
        }
        return {all, types, bbox: l.coverage().bbox.map((v) => v.toFixed(7)).join(',')};
        """);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theTypeFilterChangesTheTileRequestsAndWhatIsDrawn() {
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    TileMap.waitLoaded(d, TileMap.INCIDENTS, 30);
    Map<String, Object> before = cellTotals();
    assertThat(((Map<String, Object>) before.get("types")).keySet()).as("types drawn before").hasSizeGreaterThan(1);

    TileMap.clearRequests();
    d.findElement(By.id("tab-incidents")).click();
    // untick every type but smuggling, as a user does
    Browser.js("""
        document.querySelectorAll('#panel-incidents input[data-type]').forEach((b) => {
          if (b.checked !== (b.dataset.type === 'SMUGGLING')) b.click();
        });""");
    waitUpTo(d, 20).until(x -> TileMap.tileRequests().stream().anyMatch(u -> u.contains("/tiles/incidents/")
        && u.contains("type=SMUGGLING")));
    waitUpTo(d, 30).until(x -> Boolean.TRUE.equals(Browser.js(
        "const l = window.borderzone.incidents.layer; return l.inFlight === 0 && l.current().every((e) => e.url && e.url.includes('type=SMUGGLING'));")));
    assertThat(TileMap.tileRequests()).filteredOn(u -> u.contains("/tiles/incidents/") || u.contains("/tiles/hot-segments/"))
        .isNotEmpty().allMatch(u -> u.contains("type=SMUGGLING"));
    Map<String, Object> after = cellTotals();
    Map<String, Number> types = (Map<String, Number>) after.get("types");
    assertThat(types.keySet()).containsExactly("SMUGGLING");
    long all = ((Number) after.get("all")).longValue();
    assertThat(types.get("SMUGGLING").longValue()).isEqualTo(all);
    assertThat(all).isPositive().isLessThan(((Number) before.get("all")).longValue());
    String window = (String) Browser.js("const p = window.borderzone.filter.incidentParams(); return 'from=' + p.from + '&to=' + p.to;");
    long matched = as("kh-planner").get("/api/incidents?size=1&type=SMUGGLING&bbox=" + after.get("bbox") + "&" + window)
        .json().path("numberMatched").asLong();
    assertThat(all).isEqualTo(matched);
    // the panel's total follows
    waitUpTo(d, 10).until(x -> !x.findElement(By.cssSelector("#incident-total strong")).getAttribute("data-total")
        .equals(String.valueOf(before.get("all"))));
    // and back: every type
    Browser.js("document.querySelectorAll('#panel-incidents input[data-type]').forEach((b) => { if (!b.checked) b.click(); });");
  }

  @Test
  @SuppressWarnings("unchecked")
  void anLaReadersMapNeverReceivesAKhNationalIncident() {
    double lon = 105.9317;
    double lat = 14.3391;
    String marker = "kh-national-" + System.nanoTime();
    String id = report("kh-planner", lon, lat, "ARMED_INCURSION", "NATIONAL", marker);
    assertThat(as("la-planner").get("/api/incidents/" + id).status()).isEqualTo(404);

    // the positive control: KH's own map draws it there
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    Browser.js("window.borderzone.map.setView([arguments[0], arguments[1]], 16, {animate: false});", lat, lon);
    TileMap.waitLoaded(d, TileMap.INCIDENTS, 30);
    assertThat(TileMap.drawn(TileMap.INCIDENTS)).extracting(m -> m.get("id")).contains(id);

    d = Browser.openMap(url(""), "la-planner", "/");
    TileMap.clearRequests();
    for (int zoom : new int[] {16, 13, 12, 11, 9}) {
      Browser.js("window.borderzone.map.setView([arguments[0], arguments[1]], arguments[2], {animate: false});", lat, lon, zoom);
      TileMap.waitLoaded(d, TileMap.INCIDENTS, 30);
      // nothing the layer decoded (drawn or in a tile's buffer) carries it
      Boolean anywhere = (Boolean) Browser.js("""
          const id = arguments[0];
          return [...window.borderzone.incidents.layer.entries].some((e) => Object.values(e.data || {})
            .some((layer) => layer.features.some((f) => f.properties.id === id)));""", id);
      assertThat(anywhere).as("the KH national incident in an LA tile at z%d", zoom).isFalse();
      if (zoom < 12) {
        // the cells count only what LA may see: the same as the list endpoint answers LA for the tiles' box
        Map<String, Object> totals = cellTotals();
        String window = (String) Browser.js("const p = window.borderzone.filter.incidentParams(); return 'from=' + p.from + '&to=' + p.to;");
        long matched = as("la-planner").get("/api/incidents?size=1&bbox=" + totals.get("bbox") + "&" + window)
            .json().path("numberMatched").asLong();
        assertThat(((Number) totals.get("all")).longValue()).as("LA cells at z%d", zoom).isEqualTo(matched);
      }
    }
    // no request of the page names it (no details fetched, no tile URL)
    assertThat(TileMap.requests()).noneMatch(u -> u.contains(id));
    assertThat(TileMap.tileRequests()).isNotEmpty();
  }
}
