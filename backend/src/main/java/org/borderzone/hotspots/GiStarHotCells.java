package org.borderzone.hotspots;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.borderzone.patrol.HotCellSource;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Targets of automatic patrols: the Gi* hot spots (bin +2 or +3, i.e. hot at 95 % or 99 % confidence after
 * FDR correction) of the {@value #CELL_KM} km hexagon grid for the window, as the viewer sees the incidents
 * (releasability applies through {@link HotspotFilter}). Score = the cell's z-score; hottest first.
 */
@Component
class GiStarHotCells implements HotCellSource {

  static final double CELL_KM = 1.0;
  static final int MIN_BIN = 2;
  static final int MAX_CELLS = 200;

  private final HotspotService hotspots;
  private final JdbcClient jdbc;

  GiStarHotCells(HotspotService hotspots, JdbcClient jdbc) {
    this.hotspots = hotspots;
    this.jdbc = jdbc;
  }

  @Override
  public List<HotCell> hotCells(Actor viewer, OffsetDateTime from, OffsetDateTime to) {
    HotspotFilter filter = new HotspotFilter(from, to, HotspotFilter.TYPES, viewer.orgCode());
    Optional<HotspotService.GiResult> run = hotspots.giStar(filter, CELL_KM, null, true);
    if (run.isEmpty()) {
      return List.of();
    }
    HotspotService.GiResult r = run.get();
    List<Integer> hot = new ArrayList<>();
    for (int k = 0; k < r.bins().length; k++) {
      if (r.bins()[k] >= MIN_BIN && r.counts()[k] > 0) {
        hot.add(k);
      }
    }
    hot.sort(Comparator.comparingDouble((Integer k) -> -r.z()[k]));
    List<Integer> top = hot.subList(0, Math.min(MAX_CELLS, hot.size()));
    if (top.isEmpty()) {
      return List.of();
    }
    ZoneGrid.HexCells cells = r.cells();
    Double[] xs = top.stream().map(k -> cells.x()[k]).toArray(Double[]::new);
    Double[] ys = top.stream().map(k -> cells.y()[k]).toArray(Double[]::new);
    // Cell centres are UTM 48N metres; PostGIS takes them back to EPSG:4326 degrees in one statement.
    List<double[]> lonLat = jdbc.sql(HotspotSql.UTM_TO_LON_LAT).param("xs", xs).param("ys", ys)
        .query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).list();
    List<HotCell> out = new ArrayList<>(top.size());
    for (int n = 0; n < top.size(); n++) {
      int k = top.get(n);
      out.add(new HotCell(cells.i()[k] + "_" + cells.j()[k], lonLat.get(n)[0], lonLat.get(n)[1], r.z()[k]));
    }
    return out;
  }
}
