package org.borderzone.hotspots;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.borderzone.system.AnalyticsPool;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The border zone (buffer of {@code borderzone.zone-km}, default 10 km, on both sides of the border line, built
 * in UTM 48N) and the hexagon grids over it. Both are cached: buffering the 561 km line costs ~0.4 s and the
 * grids a few hundred ms, while the border only changes on a re-import (detected by {@link
 * HotspotSql#BORDER_SIGNATURE}, checked on every call). Queries run on the analytics pool, by admitted callers.
 */
@Component
class ZoneGrid {

  /** The zone in UTM 48N as EWKB, its EPSG:4326 envelope, area (m²) and UTM envelope (metres). */
  record Zone(byte[] ewkb, double minLon, double minLat, double maxLon, double maxLat, double areaM2, double zoneKm,
      double minX, double minY, double maxX, double maxY) {}

  /**
   * The hexagons of {@code ST_HexagonGrid(a)} that intersect the zone: lattice indices, centres (UTM metres)
   * and GeoJSON geometry text (EPSG:4326). Index {@code idx} of a cell is its position in these arrays.
   */
  record HexCells(HexLattice lattice, int[] i, int[] j, double[] x, double[] y, String[] geometry,
      Map<Long, Integer> index) {

    int size() {
      return i.length;
    }

    /** The position of the cell with SQL key i·2³² + (j + 2³¹), or −1 outside the zone. */
    int indexOfKey(long key) {
      Integer idx = index.get(key);
      return idx == null ? -1 : idx;
    }

    static long key(int i, int j) {
      return ((long) i << 32) + ((long) j + 2147483648L);
    }

    String id(int idx) {
      return i[idx] + "_" + j[idx];
    }
  }

  private final JdbcClient jdbc;
  private final double zoneKm;
  private String signature;
  private Zone zone;
  private final Map<Double, HexCells> grids = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Double, HexCells> eldest) {
      return size() > 6;
    }
  };

  ZoneGrid(AnalyticsPool pool, @Value("${borderzone.zone-km:10}") double zoneKm) {
    this.jdbc = pool.jdbc();
    this.zoneKm = zoneKm;
  }

  double zoneKm() {
    return zoneKm;
  }

  /** The zone, or empty while no border line is loaded. */
  synchronized Optional<Zone> zone() {
    refreshIfBorderChanged();
    if (zone == null) {
      zone = jdbc.sql(HotspotSql.ZONE).param("zoneM", zoneKm * 1000.0)
          .query((rs, n) -> new Zone(rs.getBytes("ewkb"), rs.getDouble("min_lon"), rs.getDouble("min_lat"),
              rs.getDouble("max_lon"), rs.getDouble("max_lat"), rs.getDouble("area_m2"), zoneKm,
              rs.getDouble("min_x"), rs.getDouble("min_y"), rs.getDouble("max_x"), rs.getDouble("max_y")))
          .optional().orElse(null);
    }
    return Optional.ofNullable(zone);
  }

  /** The hexagon cells of edge {@code a} metres over the zone. */
  synchronized HexCells hexCells(Zone z, double a) {
    HexCells cached = grids.get(a);
    if (cached != null) {
      return cached;
    }
    HexLattice lattice = new HexLattice(a);
    java.util.List<int[]> ij = new java.util.ArrayList<>();
    java.util.List<String> geoms = new java.util.ArrayList<>();
    jdbc.sql(HotspotSql.HEX_CELLS).param("zone", z.ewkb()).param("a", a).query(rs -> {
      ij.add(new int[] {rs.getInt("i"), rs.getInt("j")});
      geoms.add(rs.getString("geometry"));
    });
    int n = ij.size();
    int[] is = new int[n];
    int[] js = new int[n];
    double[] xs = new double[n];
    double[] ys = new double[n];
    Map<Long, Integer> index = new java.util.HashMap<>(n * 2);
    for (int k = 0; k < n; k++) {
      is[k] = ij.get(k)[0];
      js[k] = ij.get(k)[1];
      xs[k] = lattice.centreX(is[k]);
      ys[k] = lattice.centreY(is[k], js[k]);
      index.put(HexCells.key(is[k], js[k]), k);
    }
    HexCells cells = new HexCells(lattice, is, js, xs, ys, geoms.toArray(String[]::new), index);
    grids.put(a, cells);
    return cells;
  }

  private void refreshIfBorderChanged() {
    String now = jdbc.sql(HotspotSql.BORDER_SIGNATURE).query(String.class).single();
    if (!now.equals(signature)) {
      signature = now;
      zone = null;
      grids.clear();
    }
  }
}
