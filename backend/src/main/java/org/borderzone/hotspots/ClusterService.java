package org.borderzone.hotspots;

import java.util.Optional;
import org.borderzone.system.Limits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * DBSCAN clusters of the incidents inside the border zone ({@code ST_ClusterDBSCAN} in UTM 48N, eps in
 * metres): one convex hull per cluster with its count, dominant type, type counts and time span.
 *
 * <p>A running {@code ST_ClusterDBSCAN} ignores {@code pg_cancel_backend}, {@code pg_terminate_backend} and
 * the statement timeout (an {@code epsM=20000} run went on for over 9 minutes), so its inputs are bounded
 * before it starts: {@code epsM} at most {@code limits.cluster-eps-m} and the incidents it would cluster
 * counted first, at most {@code limits.cluster-points} (422 otherwise; the count stops one past the limit, so
 * the refusal of a 10-year window at 1M incidents costs a short scan).
 */
@Service
class ClusterService {

  private final JdbcClient jdbc;
  private final ZoneGrid grid;
  private final HotspotService hotspots;

  ClusterService(ZoneGrid grid, HotspotService hotspots) {
    this.jdbc = hotspots.analyticsJdbc();
    this.grid = grid;
    this.hotspots = hotspots;
  }

  String clusters(HotspotFilter filter, double epsM, int minPoints) {
    Limits limits = hotspots.limits();
    if (epsM > limits.clusterEpsM()) {
      throw Limits.over("epsM", "error.limit-eps", limits.clusterEpsM(), epsM);
    }
    return hotspots.admitted(() -> {
      Optional<ZoneGrid.Zone> zone = grid.zone();
      if (zone.isEmpty()) {
        return JsonMapper.shared().writeValueAsString(HotspotService.emptyCollection());
      }
      return hotspots.analytic(() -> {
        long n = filter.bind(jdbc.sql(HotspotSql.POINTS_IN_ZONE_COUNT_UP_TO), zone.get())
            .param("zone", zone.get().ewkb()).param("cap", limits.clusterPoints() + 1L)
            .query(Long.class).single();
        Limits.check("from", "error.limit-cluster-points", limits.clusterPoints(), n);
        return filter.bind(jdbc.sql(HotspotSql.CLUSTERS), zone.get())
            .param("zone", zone.get().ewkb()).param("eps", epsM).param("minPoints", minPoints)
            .query(String.class).single();
      });
    });
  }
}
