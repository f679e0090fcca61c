package org.borderzone.hotspots;

import java.util.Optional;
import org.borderzone.system.ApiException;
import org.borderzone.system.JsonOut;
import org.borderzone.system.Limits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import tools.jackson.core.JsonGenerator;

/**
 * Kernel density of the incidents inside the border zone: a quartic kernel of bandwidth h ({@link
 * QuarticKernel}) evaluated at the centres of a square grid in UTM 48N (cells (i, j) of side s with the lower
 * left corner at (i·s, j·s), the lattice of {@code ST_SquareGrid}). The grid covers the zone grown by h, so every
 * kernel lies on it and Σ density × cell area ≈ the number of incidents (reported as {@code integral}). Density
 * is in incidents per km²; cells with zero density are left out of the response.
 *
 * <p>Bounded before it runs: the grid may hold at most {@code limits.cells} cells (422 {@code cellKm}) and the
 * kernel sum at most {@code limits.kernel-work} evaluations, incidents × cells under one kernel, the incidents
 * counted first (422 {@code bandwidthKm}): {@code cellKm=0.2&bandwidthKm=20} over 20,000 incidents was 630
 * million evaluations, 67 s. The non-empty cells are streamed to the client as PostGIS returns their polygons.
 */
@Service
class DensityService {

  private final JdbcClient jdbc;
  private final ZoneGrid grid;
  private final HotspotService hotspots;

  DensityService(ZoneGrid grid, HotspotService hotspots) {
    this.jdbc = hotspots.analyticsJdbc();
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

  /** The grid of a request: cells (i0..i1) × (j0..j1) of side s covering the zone grown by h. */
  record Grid(int i0, int j0, int i1, int j1, double s, double h) {

    long cells() {
      return (long) (i1 - i0 + 1) * (j1 - j0 + 1);
    }

    /** Grid cells under one kernel (a disc of radius h). */
    double footprint() {
      return Math.PI * (h / s) * (h / s);
    }
  }

  static Grid grid(ZoneGrid.Zone z, double bandwidthKm, double cellKm) {
    double h = bandwidthKm * 1000.0;
    double s = cellKm * 1000.0;
    return new Grid((int) Math.floor((z.minX() - h) / s), (int) Math.floor((z.minY() - h) / s),
        (int) Math.floor((z.maxX() + h) / s), (int) Math.floor((z.maxY() + h) / s), s, h);
  }

  Optional<Surface> surface(HotspotFilter filter, double bandwidthKm, double cellKm) {
    if (bandwidthKm < cellKm) {
      throw ApiException.badField("bandwidthKm", "error.range-got", cellKm, 50, bandwidthKm);
    }
    return hotspots.admitted(() -> {
      Optional<ZoneGrid.Zone> zone = grid.zone();
      if (zone.isEmpty()) {
        return Optional.empty();
      }
      ZoneGrid.Zone z = zone.get();
      Grid gr = grid(z, bandwidthKm, cellKm);
      Limits limits = hotspots.limits();
      Limits.check("cellKm", "error.limit-cells", limits.cells(), gr.cells());
      return hotspots.analytic(() -> {
        long n = filter.bind(jdbc.sql(HotspotSql.POINTS_IN_ZONE_COUNT), z).param("zone", z.ewkb())
            .query(Long.class).single();
        Limits.check("bandwidthKm", "error.limit-kernel-work", limits.kernelWork(),
            (long) Math.ceil(n * gr.footprint()));
        double[][] xy = {new double[(int) n], new double[(int) n]};
        int[] count = {0};
        filter.bind(jdbc.sql(HotspotSql.POINTS_IN_ZONE), z).param("zone", z.ewkb()).withFetchSize(20_000)
            .query(rs -> {
              int k = count[0]++;
              if (k >= xy[0].length) { // rows added since the count
                xy[0] = java.util.Arrays.copyOf(xy[0], k * 2 + 16);
                xy[1] = java.util.Arrays.copyOf(xy[1], k * 2 + 16);
              }
              xy[0][k] = rs.getDouble("x");
              xy[1][k] = rs.getDouble("y");
            });
        double[] px = java.util.Arrays.copyOf(xy[0], count[0]);
        double[] py = java.util.Arrays.copyOf(xy[1], count[0]);
        int nx = gr.i1() - gr.i0() + 1;
        int ny = gr.j1() - gr.j0() + 1;
        double[] d = QuarticKernel.grid(px, py, gr.h(), gr.i0() * gr.s(), gr.j0() * gr.s(), gr.s(), nx, ny);
        for (int k = 0; k < d.length; k++) {
          d[k] *= 1e6; // per m² -> per km²
        }
        return Optional.of(new Surface(gr.i0(), gr.j0(), nx, ny, gr.s(), gr.h(), d, px.length));
      });
    });
  }

  /** The density surface written to {@code out}: one square Feature per non-empty cell, then the metadata. */
  void density(HotspotFilter filter, double bandwidthKm, double cellKm, JsonOut out) {
    hotspots.admitted(() -> {
      Optional<Surface> run = surface(filter, bandwidthKm, cellKm);
      if (run.isEmpty()) {
        HotspotService.writeEmpty(out);
        return null;
      }
      write(run.get(), out);
      return null;
    });
  }

  private void write(Surface sf, JsonOut out) {
    int nonEmpty = 0;
    double max = 0;
    for (double v : sf.perKm2()) {
      if (v > 0) {
        nonEmpty++;
        max = Math.max(max, v);
      }
    }
    Integer[] is = new Integer[nonEmpty];
    Integer[] js = new Integer[nonEmpty];
    double[] vs = new double[nonEmpty];
    int k = 0;
    for (int ix = 0; ix < sf.nx(); ix++) {
      for (int iy = 0; iy < sf.ny(); iy++) {
        double v = sf.perKm2()[ix * sf.ny() + iy];
        if (v > 0) {
          is[k] = sf.i0() + ix;
          js[k] = sf.j0() + iy;
          vs[k++] = v;
        }
      }
    }
    JsonGenerator g = out.start();
    g.writeStartObject();
    g.writeStringProperty("type", "FeatureCollection");
    g.writeName("features");
    g.writeStartArray();
    if (nonEmpty > 0) {
      // PostGIS returns the polygons in the order of the arrays; each row goes straight to the client.
      hotspots.analytic(() -> {
        jdbc.sql(HotspotSql.SQUARE_CELLS).param("s", sf.cellM())
            .param("is", new SqlArrayValue("int4", (Object[]) is))
            .param("js", new SqlArrayValue("int4", (Object[]) js))
            .withFetchSize(5_000)
            .query(rs -> {
              int n = rs.getInt("ord") - 1;
              JsonOut.startFeature(g, is[n] + "_" + js[n], rs.getString("geometry"));
              JsonOut.number(g, "density", vs[n], 6);
              JsonOut.endFeature(g);
            });
        return null;
      });
    }
    g.writeEndArray();
    g.writeName("metadata");
    g.writeStartObject();
    g.writeStringProperty("kernel", "quartic (biweight) 3/(pi h^2) (1 - d^2/h^2)^2");
    g.writeStringProperty("unit", "incidents per km2");
    JsonOut.number(g, "bandwidthKm", sf.bandwidthM() / 1000.0, 4);
    JsonOut.number(g, "cellKm", sf.cellM() / 1000.0, 4);
    JsonOut.number(g, "cellAreaKm2", sf.cellM() * sf.cellM() / 1e6, 6);
    g.writeNumberProperty("cells", nonEmpty);
    g.writeNumberProperty("incidents", sf.incidents());
    JsonOut.number(g, "integral", sf.integral(), 4);
    JsonOut.number(g, "maxDensity", max, 6);
    JsonOut.number(g, "zoneKm", grid.zoneKm(), 3);
    g.writeStringProperty("crs", "EPSG:32648 (grid, distances), EPSG:4326 (output)");
    g.writeEndObject();
    g.writeEndObject();
  }
}
