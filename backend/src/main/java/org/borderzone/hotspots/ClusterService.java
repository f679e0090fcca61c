package org.borderzone.hotspots;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * DBSCAN clusters of the incidents inside the border zone ({@code ST_ClusterDBSCAN} in UTM 48N, eps in
 * metres): one convex hull per cluster with its count, dominant type, type counts and time span.
 */
@Service
class ClusterService {

  private final JdbcClient jdbc;
  private final ZoneGrid grid;
  private final HotspotService hotspots;

  ClusterService(JdbcClient jdbc, ZoneGrid grid, HotspotService hotspots) {
    this.jdbc = jdbc;
    this.grid = grid;
    this.hotspots = hotspots;
  }

  String clusters(HotspotFilter filter, double epsM, int minPoints) {
    Optional<ZoneGrid.Zone> zone = grid.zone();
    if (zone.isEmpty()) {
      return HotspotService.emptyCollection();
    }
    return hotspots.analytic(() -> filter.bind(jdbc.sql(HotspotSql.CLUSTERS), zone.get())
        .param("zone", zone.get().ewkb()).param("eps", epsM).param("minPoints", minPoints)
        .query(String.class).single());
  }
}
