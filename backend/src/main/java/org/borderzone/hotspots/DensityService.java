package org.borderzone.hotspots;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.borderzone.system.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;

/**
 * Kernel density of the incidents inside the border zone: a quartic kernel of bandwidth h ({@link
 * QuarticKernel}) evaluated at the centres of a square grid in UTM 48N (cells (i, j) of side s with the lower
 * left corner at (i·s, j·s), the lattice of {@code ST_SquareGrid}). The grid covers the zone grown by h, so every
 * kernel lies on it and Σ density × cell area ≈ the number of incidents (reported as {@code integral}). Density
 * is in incidents per km²; cells with zero density are left out of the response.
 */
@Service
class DensityService {

  static final long MAX_CELLS = 4_000_000;

  private final JdbcClient jdbc;
  private final ZoneGrid grid;
  private final HotspotService hotspots;

  DensityService(JdbcClient jdbc, ZoneGrid grid, HotspotService hotspots) {
    this.jdbc = jdbc;
    this.grid = grid;
    this.hotspots = hotspots;
  }

  /** The surface before it becomes GeoJSON: densities per km² on an nx × ny grid from cell (i0, j0). */
  record Surface(int i0, int j0, int nx, int ny, double cellM, double bandwidthM, double[] perKm2, int incidents) {

    double integral() {
      double area = cellM * cellM / 1e6;
      double sum = 0;
      for (double d : perKm2) {
        sum += d;
      }
      return sum * area;
    }
  }

  Optional<Surface> surface(HotspotFilter filter, double bandwidthKm, double cellKm) {
    if (bandwidthKm < cellKm) {
      throw ApiException.badField("bandwidthKm", "error.range-got", cellKm, 50, bandwidthKm);
    }
    Optional<ZoneGrid.Zone> zone = grid.zone();
    if (zone.isEmpty()) {
      return Optional.empty();
    }
    ZoneGrid.Zone z = zone.get();
    double h = bandwidthKm * 1000.0;
    double s = cellKm * 1000.0;
    int i0 = (int) Math.floor((z.minX() - h) / s);
    int j0 = (int) Math.floor((z.minY() - h) / s);
    int i1 = (int) Math.floor((z.maxX() + h) / s);
    int j1 = (int) Math.floor((z.maxY() + h) / s);
    long cells = (long) (i1 - i0 + 1) * (j1 - j0 + 1);
    if (cells > MAX_CELLS) {
      throw ApiException.badField("cellKm", "error.too-many-cells", cells, MAX_CELLS);
    }
    List<double[]> pts = new ArrayList<>();
    hotspots.analytic(() -> {
      filter.bind(jdbc.sql(HotspotSql.POINTS_IN_ZONE), z).param("zone", z.ewkb()).withFetchSize(20_000)
          .query(rs -> {
            pts.add(new double[] {rs.getDouble("x"), rs.getDouble("y")});
          });
      return null;
    });
    double[] px = new double[pts.size()];
    double[] py = new double[pts.size()];
    for (int k = 0; k < px.length; k++) {
      px[k] = pts.get(k)[0];
      py[k] = pts.get(k)[1];
    }
    int nx = i1 - i0 + 1;
    int ny = j1 - j0 + 1;
    double[] d = QuarticKernel.grid(px, py, h, i0 * s, j0 * s, s, nx, ny);
    for (int k = 0; k < d.length; k++) {
      d[k] *= 1e6; // per m² -> per km²
    }
    return Optional.of(new Surface(i0, j0, nx, ny, s, h, d, px.length));
  }

  String density(HotspotFilter filter, double bandwidthKm, double cellKm) {
    Optional<Surface> run = surface(filter, bandwidthKm, cellKm);
    if (run.isEmpty()) {
      return HotspotService.emptyCollection();
    }
    Surface sf = run.get();
    List<Integer> is = new ArrayList<>();
    List<Integer> js = new ArrayList<>();
    List<Double> vs = new ArrayList<>();
    double max = 0;
    for (int ix = 0; ix < sf.nx(); ix++) {
      for (int iy = 0; iy < sf.ny(); iy++) {
        double v = sf.perKm2()[ix * sf.ny() + iy];
        if (v > 0) {
          is.add(sf.i0() + ix);
          js.add(sf.j0() + iy);
          vs.add(v);
          max = Math.max(max, v);
        }
      }
    }
    StringBuilder b = new StringBuilder(vs.size() * 260 + 1024);
    b.append("{\"type\":\"FeatureCollection\",\"features\":[");
    if (!vs.isEmpty()) {
      java.util.Map<Long, String> geoms = new java.util.HashMap<>(vs.size() * 2);
      jdbc.sql(HotspotSql.SQUARE_CELLS).param("s", sf.cellM())
          .param("is", new SqlArrayValue("int4", is.toArray()))
          .param("js", new SqlArrayValue("int4", js.toArray()))
          .query(rs -> {
            geoms.put(ZoneGrid.HexCells.key(rs.getInt("i"), rs.getInt("j")), rs.getString("geometry"));
          });
      for (int k = 0; k < vs.size(); k++) {
        b.append(k == 0 ? "" : ",").append("{\"type\":\"Feature\",\"id\":\"").append(is.get(k)).append('_')
            .append(js.get(k)).append("\",\"geometry\":").append(geoms.get(ZoneGrid.HexCells.key(is.get(k), js.get(k))))
            .append(",\"properties\":{\"density\":").append(Json.num(vs.get(k), 6)).append("}}");
      }
    }
    b.append("],\"metadata\":{\"kernel\":\"quartic (biweight) 3/(pi h^2) (1 - d^2/h^2)^2\"")
        .append(",\"unit\":\"incidents per km2\"")
        .append(",\"bandwidthKm\":").append(Json.num(sf.bandwidthM() / 1000.0, 4))
        .append(",\"cellKm\":").append(Json.num(sf.cellM() / 1000.0, 4))
        .append(",\"cellAreaKm2\":").append(Json.num(sf.cellM() * sf.cellM() / 1e6, 6))
        .append(",\"cells\":").append(vs.size())
        .append(",\"incidents\":").append(sf.incidents())
        .append(",\"integral\":").append(Json.num(sf.integral(), 4))
        .append(",\"maxDensity\":").append(Json.num(max, 6))
        .append(",\"zoneKm\":").append(Json.num(grid.zoneKm(), 3))
        .append(",\"crs\":\"EPSG:32648 (grid, distances), EPSG:4326 (output)\"}}");
    return b.toString();
  }
}
