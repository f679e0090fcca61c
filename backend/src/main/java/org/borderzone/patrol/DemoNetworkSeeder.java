package org.borderzone.patrol;

import org.borderzone.system.StatementTimeouts;
import java.util.List;
import org.borderzone.audit.AuditLog;
import org.borderzone.patrol.graph.Kind;
import org.borderzone.system.Actor;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The deterministic demo patrol network and bases (demo profile; once, when {@code network_edge} is empty).
 * Everything is synthetic except the checkpoint names and their approximate positions (data/README.md):
 * <ul>
 *   <li>tracks at ~3 and ~6 km and a road at ~10 km from the border on each side: offset curves of the line
 *       (simplified to 1.5 km, UTM 48N), clipped to the country and kept ≥ 1.5 km from the real line,
 *       cut into ~3 km pieces; track connectors between the 3 and 6 km tracks every ~8 km, road spurs from the
 *       6 km track to the road every ~16 km;</li>
 *   <li>trails from the nearest 3 km track to each pillar, in two pieces: to 250 m from the pillar, then to
 *       20 m from it on the own side (the last piece is inside any setback: for joint patrols);</li>
 *   <li>bases: Trapeang Kriel (KH) and Nong Nok Khiene (LA) checkpoints near 105.95 E 13.93 N, Mekong crossing
 *       posts near 105.98 E 13.92 N (each moved to 300 m inside its own side), synthetic posts every ~40 km
 *       on the 6 km track of each side; roads from each base to its side's road and 3 km track; two
 *       crossings: the NR7 / Route 13 road between the checkpoints and a Mekong ferry (side BOTH).</li>
 * </ul>
 * The lines then go through the same noding and classification as an import.
 */
@Component
@Profile("demo")
public class DemoNetworkSeeder {

  private static final Logger log = LoggerFactory.getLogger(DemoNetworkSeeder.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final StatementTimeouts timeouts;
  private final NetworkService network;
  private final AuditLog audit;

  DemoNetworkSeeder(JdbcClient jdbc, TransactionTemplate tx, NetworkService network, AuditLog audit,
      StatementTimeouts timeouts) {
    this.timeouts = timeouts;
    this.jdbc = jdbc;
    this.tx = tx;
    this.network = network;
    this.audit = audit;
  }

  /**
   * Seeds the network and bases unless there is a network already or no border line (called by the demo
   * orchestrator, before {@link GraphHolder} builds the graph from it).
   */
  public void seed() {
    if (jdbc.sql(PatrolSql.EDGE_COUNT).query(Long.class).single() > 0
        || jdbc.sql(PatrolSql.BORDER_LINE_COUNT).query(Long.class).single() == 0) {
      return;
    }
    long t0 = System.nanoTime();
    tx.executeWithoutResult(s -> {
      timeouts.longWork();
      for (String stmt : PatrolSql.DEMO_NETWORK_SETUP.split(";\\s*\\n")) {
        if (!stmt.isBlank()) {
          jdbc.sql(stmt).update();
        }
      }
      if (jdbc.sql(PatrolSql.BASE_COUNT).query(Long.class).single() == 0) {
        for (String stmt : PatrolSql.DEMO_NETWORK_BASES.split(";\\s*\\n")) {
          if (!stmt.isBlank()) {
            jdbc.sql(stmt).update();
          }
        }
        audit.record(Actor.SYSTEM, "DEMO_SEED", "patrol_base", null, null,
            JsonNodeFactory.instance.objectNode()
                .put("bases", jdbc.sql(PatrolSql.BASE_COUNT).query(Long.class).single()).toString());
      }
      WKTReader wkt = new WKTReader();
      List<NetworkNoder.Line> lines = jdbc.sql(PatrolSql.DEMO_NETWORK_LINES).query((rs, n) -> {
        try {
          return new NetworkNoder.Line(Kind.parse(rs.getString("kind")), rs.getString("name"),
              wkt.read(rs.getString("wkt")).getCoordinates());
        } catch (ParseException e) {
          throw new IllegalStateException(e);
        }
      }).list();
      var result = network.replace(lines, 5, Actor.SYSTEM);
      log.info("Seeded the demo patrol network: {} lines, {} edges, {} km in {} ms", lines.size(), result.edges(),
          Math.round(result.lengthKm()), (System.nanoTime() - t0) / 1_000_000);
    });
  }
}
