package org.borderzone.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the map's canvas tile layers (web js/layers/mvt-layer.js) hold and draw, read in the browser: the layers
 * are canvases, so the tests ask the layer for the features it decoded (with their screen position) and read
 * the pixels of its own canvas there. {@code layer} is a JavaScript expression for the layer, e.g.
 * {@code window.borderzone.segments.layer}.
 */
final class TileMap {

  static final String SEGMENTS = "window.borderzone.segments.layer";
  static final String INCIDENTS = "window.borderzone.incidents.layer";
  static final String HOT = "window.borderzone.hot.layer";
  static final String GISTAR = "window.borderzone.analysis.hex.layer";

  private TileMap() {}

  /** Waits until the layer's tiles of the shown zoom are all loaded (and there is at least one). */
  static void waitLoaded(WebDriver d, String layer, int seconds) {
    new WebDriverWait(d, Duration.ofSeconds(seconds)).until(x -> Boolean.TRUE.equals(Browser.js(
        "const l = " + layer + "; const c = l.coverage(); return !!c && c.loaded && l.inFlight === 0;")));
  }

  /**
   * The features of the shown zoom, one per (tile, feature): {id, layer, x, y, props} with x, y the container
   * point of the feature's anchor (the point, a middle vertex, a polygon's mean vertex).
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> drawn(String layer) {
    return (List<Map<String, Object>>) Browser.js("return " + layer + ".drawn().map((d) => ({"
        + "id: d.feature.properties.id === undefined ? null : String(d.feature.properties.id), layer: d.layerName,"
        + "x: d.point[0], y: d.point[1], props: d.feature.properties}));");
  }

  /** The RGBA the layer drew at a container point (its own canvas only). */
  @SuppressWarnings("unchecked")
  static List<Number> pixel(String layer, double x, double y) {
    return (List<Number>) Browser.js("return " + layer + ".pixelAt(L.point(arguments[0], arguments[1]));", x, y);
  }

  /** '#rrggbb' of a pixel. */
  static String hex(List<Number> rgba) {
    return String.format("#%02x%02x%02x", rgba.get(0).intValue(), rgba.get(1).intValue(), rgba.get(2).intValue());
  }

  /** Two '#rrggbb' colours within 3 per channel (a canvas's alpha blending and colour conversion round). */
  static boolean close(String a, String b) {
    for (int i = 1; i < 7; i += 2) {
      if (Math.abs(Integer.parseInt(a.substring(i, i + 2), 16) - Integer.parseInt(b.substring(i, i + 2), 16)) > 3) {
        return false;
      }
    }
    return true;
  }

  /** The .mvt URLs the page fetched since the last {@link #clearRequests()} (resource timing, not the app). */
  @SuppressWarnings("unchecked")
  static List<String> tileRequests() {
    return (List<String>) Browser.js("return performance.getEntriesByType('resource').map((e) => e.name)"
        + ".filter((n) => n.includes('/tiles/') && n.includes('.mvt'));");
  }

  @SuppressWarnings("unchecked")
  static List<String> requests() {
    return (List<String>) Browser.js("return performance.getEntriesByType('resource').map((e) => e.name);");
  }

  static void clearRequests() {
    Browser.js("performance.setResourceTimingBufferSize(5000); performance.clearResourceTimings();");
  }
}
