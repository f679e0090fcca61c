package org.borderzone.hotspots;

import java.util.Optional;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.springframework.stereotype.Component;

/**
 * The Gi* cells of one window for other features (the vector tiles of {@code org.borderzone.tiles}): the same
 * parameters, the same limits and the same computation as {@code GET /api/hotspots}, so a tile never shows a
 * statistic the GeoJSON answer would not. Releasability applies through {@link HotspotFilter} (the viewer's
 * organisation).
 */
@Component
public class GiStarWindow {

  private final HotspotService hotspots;

  GiStarWindow(HotspotService hotspots) {
    this.hotspots = hotspots;
  }

  /**
   * A parsed request; {@code key} names its content exactly (parameters after defaults, without the viewer),
   * for cache keys and ETags.
   */
  public record Request(HotspotFilter filter, double cellKm, Double bandKm, boolean fdr, String key) {}

  /** The cells of a window: per cell its id ({@code i_j}), GeoJSON geometry (EPSG:4326) and statistics. */
  public record Cells(String[] ids, String[] geometries, int[] counts, double[] z, double[] p, double[] q,
      int[] bins) {
    public int size() {
      return ids.length;
    }
  }

  /**
   * Parses the query parameters of {@code /api/hotspots} (text, so that a malformed number is a 400 naming
   * it, as Spring's binding does there).
   */
  public static Request parse(String cellKm, String from, String to, String type, String bandKm, String fdr,
      Actor viewer) {
    double cell = HotspotFilter.range(number(cellKm, "cellKm"), 2.0, 0.5, 50, "cellKm");
    Double band = number(bandKm, "bandKm");
    if (band != null) {
      HotspotFilter.range(band, 0, 0.001, 500, "bandKm");
    }
    boolean f = true;
    if (fdr != null && !fdr.isBlank()) {
      if (!fdr.strip().equals("true") && !fdr.strip().equals("false")) {
        throw ApiException.badField("fdr", "error.unknown-value", fdr.strip(), "true, false");
      }
      f = Boolean.parseBoolean(fdr.strip());
    }
    HotspotFilter filter = HotspotFilter.parse(from, to, type, viewer.orgCode());
    String key = "cellKm=" + cell + "&from=" + filter.from() + "&to=" + filter.to() + "&type="
        + String.join(",", filter.types()) + "&bandKm=" + band + "&fdr=" + f;
    return new Request(filter, cell, band, f, key);
  }

  private static Double number(String v, String field) {
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Double.valueOf(v.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badField(field, "error.number", v.strip());
    }
  }

  /** Gi* over the window as the request's viewer sees the incidents; empty while no border is loaded. */
  public Optional<Cells> cells(Request r) {
    return hotspots.giStar(r.filter(), r.cellKm(), r.bandKm(), r.fdr()).map(g -> {
      ZoneGrid.HexCells c = g.cells();
      int n = c.size();
      String[] ids = new String[n];
      int[] counts = new int[n];
      for (int k = 0; k < n; k++) {
        ids[k] = c.id(k);
        counts[k] = (int) g.counts()[k];
      }
      return new Cells(ids, c.geometry(), counts, g.z(), g.p(), r.fdr() ? g.q() : null, g.bins());
    });
  }
}
