package org.borderzone.tiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.borderzone.hotspots.GiStarWindow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gi* cells as tiles: the cells of a window are computed once by the hotspot code ({@link GiStarWindow}, the
 * same as {@code /api/hotspots}) and kept by (layer version, viewer organisation, parameters), with each cell's
 * Web Mercator box; a tile then encodes in PostGIS only the cells whose box meets it ({@link TileSql#GISTAR}).
 * Concurrent first requests for one window wait for the same computation.
 */
@Component
class GiStarTiles {

  /** Windows kept (each a few hundred KB at 2 km cells). */
  static final int MAX_WINDOWS = 16;

  /** The cells of one window with their Web Mercator boxes (minX, minY, maxX, maxY per cell). */
  record Window(GiStarWindow.Cells cells, double[] boxes) {}

  private final GiStarWindow gi;
  private final JdbcClient jdbc;
  private final Map<String, CompletableFuture<Optional<Window>>> windows =
      new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Optional<Window>>> e) {
          return size() > MAX_WINDOWS;
        }
      };

  GiStarTiles(GiStarWindow gi, JdbcClient jdbc) {
    this.gi = gi;
    this.jdbc = jdbc;
  }

  /** The window for {@code key} (version, organisation and parameters), computed at most once. */
  Optional<Window> window(String key, GiStarWindow.Request request) {
    CompletableFuture<Optional<Window>> f;
    boolean mine = false;
    synchronized (windows) {
      f = windows.get(key);
      if (f == null) {
        f = new CompletableFuture<>();
        windows.put(key, f);
        mine = true;
      }
    }
    if (mine) {
      try {
        f.complete(gi.cells(request).map(this::withBoxes));
      } catch (RuntimeException e) {
        synchronized (windows) {
          windows.remove(key, f);
        }
        f.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private Window withBoxes(GiStarWindow.Cells c) {
    double[] boxes = new double[c.size() * 4];
    int[] k = {0};
    jdbc.sql(TileSql.MERCATOR_BOXES).param("geoms", c.geometries()).query(rs -> {
      for (int n = 0; n < 4; n++) {
        boxes[k[0]++] = rs.getDouble(n + 1);
      }
    });
    return new Window(c, boxes);
  }

  /** The tile of cells {@code z/x/y} of a window (empty bytes when no cell meets it). */
  byte[] tile(Window w, int z, int x, int y) {
    double[] env = TileMath.envelope(z, x, y, (double) TileSql.BUFFER / TileSql.EXTENT);
    List<Integer> in = new ArrayList<>();
    double[] b = w.boxes();
    for (int k = 0; k < w.cells().size(); k++) {
      if (b[4 * k] <= env[2] && b[4 * k + 2] >= env[0] && b[4 * k + 1] <= env[3] && b[4 * k + 3] >= env[1]) {
        in.add(k);
      }
    }
    if (in.isEmpty()) {
      return new byte[0];
    }
    GiStarWindow.Cells c = w.cells();
    int n = in.size();
    String[] ids = new String[n];
    String[] geoms = new String[n];
    Integer[] counts = new Integer[n];
    Double[] zs = new Double[n];
    Double[] ps = new Double[n];
    Double[] qs = c.q() == null ? null : new Double[n];
    Integer[] bins = new Integer[n];
    for (int m = 0; m < n; m++) {
      int k = in.get(m);
      ids[m] = c.ids()[k];
      geoms[m] = c.geometries()[k];
      counts[m] = c.counts()[k];
      zs[m] = finite(c.z()[k]);
      ps[m] = finite(c.p()[k]);
      if (qs != null) {
        qs[m] = finite(c.q()[k]);
      }
      bins[m] = c.bins()[k];
    }
    byte[] t = jdbc.sql(TileSql.GISTAR).param("z", z).param("x", x).param("y", y).param("ids", ids)
        .param("geoms", geoms).param("counts", counts).param("zs", zs).param("ps", ps).param("qs", qs)
        .param("bins", bins).query(byte[].class).single();
    return t == null ? new byte[0] : t;
  }

  /** NaN (e.g. z of a window without variance) is no MVT value: absent. */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
