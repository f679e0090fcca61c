package org.borderzone.patrol;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.borderzone.patrol.graph.Kind;
import org.borderzone.patrol.graph.RoadGraph;
import org.borderzone.patrol.graph.Router;
import org.borderzone.patrol.graph.Side;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Holds the in-memory routing graph built from {@code network_edge}: loaded at start (after the demo
 * network, if any) and rebuilt in the background after each import. Readers always see a complete graph:
 * the old one keeps serving until the new one is swapped in (one volatile write).
 */
@Component
public class GraphHolder implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(GraphHolder.class);

  private final JdbcClient jdbc;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "graph-rebuild");
    t.setDaemon(true);
    return t;
  });
  private volatile Router router = new Router(new RoadGraph.Builder().build());
  private volatile CompletableFuture<Router> pending = CompletableFuture.completedFuture(router);

  GraphHolder(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void run(ApplicationArguments args) {
    rebuildNow();
  }

  /** The graph currently serving requests. */
  public Router router() {
    return router;
  }

  /** Rebuilds in the background; the returned future completes with the new router once it serves. */
  public synchronized CompletableFuture<Router> rebuildAsync() {
    pending = CompletableFuture.supplyAsync(this::rebuildNow, executor);
    return pending;
  }

  /** Waits for a pending rebuild (tests, benchmarks). */
  public Router awaitRebuild() {
    pending.join();
    return router;
  }

  /** Loads the network from the database and swaps it in. */
  public synchronized Router rebuildNow() {
    long t0 = System.nanoTime();
    RoadGraph.Builder b = new RoadGraph.Builder();
    WKBReader wkb = new WKBReader();
    jdbc.sql(PatrolSql.LOAD_EDGES).query(rs -> {
      Coordinate[] cs;
      try {
        cs = wkb.read(rs.getBytes("wkb")).getCoordinates();
      } catch (ParseException e) {
        throw new IllegalStateException("bad edge geometry " + rs.getLong("id"), e);
      }
      double[] xy = new double[cs.length * 2];
      for (int i = 0; i < cs.length; i++) {
        xy[2 * i] = cs[i].x;
        xy[2 * i + 1] = cs[i].y;
      }
      b.add(rs.getLong("id"), rs.getLong("source"), rs.getLong("target"), Kind.parse(rs.getString("kind")),
          Side.parse(rs.getString("side")), rs.getDouble("length_m"), rs.getDouble("cost_factor"), rs.getDouble("bd"),
          rs.getBoolean("in_disputed"), xy);
    });
    Router r = new Router(b.build());
    router = r;
    log.info("Routing graph ready: {} nodes, {} edges in {} ms", r.graph().nodeCount(), r.graph().edgeCount(),
        (System.nanoTime() - t0) / 1_000_000);
    return r;
  }
}
