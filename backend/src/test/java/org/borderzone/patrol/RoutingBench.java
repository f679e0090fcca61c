package org.borderzone.patrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.borderzone.patrol.graph.EdgeFilter;
import org.borderzone.patrol.graph.RoadGraph;
import org.borderzone.patrol.graph.Router;
import org.borderzone.patrol.graph.Side;
import org.borderzone.patrol.graph.Tours;
import org.borderzone.patrol.graph.TravelProfile;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code make bench}: a synthetic ~100,000-edge grid (224 × 224 vertices, ~110 m apart, random cost factors,
 * fixed seed) in {@code network_edge}; point-to-point p50/p95 of the in-memory router against
 * {@code pgr_dijkstra} on the same edges and costs in the same run; automatic-patrol planning for 50 cells.
 * The demo network is restored afterwards. Results: target/bench/routing.md.
 */
class RoutingBench extends IntegrationTest {

  static final int SIDE = 224;

  @Autowired
  GraphHolder graphs;

  @Test
  void routing() throws Exception {
    jdbc.sql("drop table if exists bench_saved_edges").update();
    jdbc.sql("create table bench_saved_edges as select * from network_edge").update();
    try {
      jdbc.sql("delete from network_edge").update();
      jdbc.sql("select setseed(0.2026)::text").query(String.class).optional();
      jdbc.sql("""
          insert into network_edge (source, target, kind, side, geom, length_m, cost_factor, border_distance_m)
          select s, t, 'track', 'KH', g, st_length(g::geography), 1 + random(), 1e6
          from (
            select i * :n + j + 1 as s, i * :n + j + 2 as t,
                   st_makeline(st_setsrid(st_makepoint(106.2 + j * 0.001, 13.0 + i * 0.001), 4326),
                               st_setsrid(st_makepoint(106.2 + (j + 1) * 0.001, 13.0 + i * 0.001), 4326)) as g
            from generate_series(0, :n - 1) i, generate_series(0, :n - 2) j
            union all
            select i * :n + j + 1, (i + 1) * :n + j + 1,
                   st_makeline(st_setsrid(st_makepoint(106.2 + j * 0.001, 13.0 + i * 0.001), 4326),
                               st_setsrid(st_makepoint(106.2 + j * 0.001, 13.0 + (i + 1) * 0.001), 4326))
            from generate_series(0, :n - 2) i, generate_series(0, :n - 1) j) x
          order by s, t
          """).param("n", SIDE).update();
      jdbc.sql("analyze network_edge").update();
      long t0 = System.nanoTime();
      Router r = graphs.rebuildNow();
      long buildMs = (System.nanoTime() - t0) / 1_000_000;
      RoadGraph g = r.graph();
      EdgeFilter f = EdgeFilter.national(TravelProfile.FOOT, Side.KH, 100);
      String sql = "select id, source, target, " + TravelProfile.FOOT.sqlCost() + " as cost, "
          + TravelProfile.FOOT.sqlCost() + " as reverse_cost from network_edge";
      Random rnd = new Random(99);
      int pairs = 200;
      int pgrPairs = 60;
      double[] ours = new double[pairs];
      double[] theirs = new double[pgrPairs];
      int mismatches = 0;
      for (int k = 0; k < 50; k++) {
        r.nodeCost(rnd.nextInt(g.nodeCount()), rnd.nextInt(g.nodeCount()), f); // warm-up
      }
      for (int k = 0; k < pairs; k++) {
        int a = rnd.nextInt(g.nodeCount());
        int b = rnd.nextInt(g.nodeCount());
        long s = System.nanoTime();
        double c = r.nodeCost(a, b, f);
        ours[k] = (System.nanoTime() - s) / 1e6;
        if (k < pgrPairs) {
          long s2 = System.nanoTime();
          Double pc = jdbc.sql("select max(agg_cost) from pgr_dijkstra(:sql, :a, :b, directed => false)")
              .param("sql", sql).param("a", g.nodeId(a)).param("b", g.nodeId(b)).query(Double.class).single();
          theirs[k] = (System.nanoTime() - s2) / 1e6;
          if (a != b && Math.abs(pc - c) > 1e-6 * pc) {
            mismatches++;
          }
        }
      }
      // Automatic patrol: 50 cells within ~8 km of a base in the grid centre, random scores, 40 km budget.
      long a0 = System.nanoTime();
      List<RoadGraph.Snap> pts = new ArrayList<>();
      pts.add(g.snap(106.2 + 0.112, 13.0 + 0.112, f, 500));
      double[] score = new double[51];
      for (int i = 1; i <= 50; i++) {
        pts.add(g.snap(106.2 + 0.112 + (rnd.nextDouble() - 0.5) * 0.15, 13.0 + 0.112 + (rnd.nextDouble() - 0.5) * 0.15,
            f, 500));
        score[i] = 1 + rnd.nextInt(20);
      }
      RoadGraph.Snap[] arr = pts.toArray(RoadGraph.Snap[]::new);
      double[][] d = new double[51][];
      for (int i = 0; i < 51; i++) {
        d[i] = r.costsFrom(arr[i], arr, f)[1];
      }
      long matrixMs = (System.nanoTime() - a0) / 1_000_000;
      List<Integer> idx = new ArrayList<>();
      for (int i = 1; i <= 50; i++) {
        idx.add(i);
      }
      Tours.Tour tour = Tours.orienteering(d, 0, idx, score, 40_000);
      double len = 0;
      int prev = 0;
      List<Integer> seq = new ArrayList<>(tour.order());
      seq.add(0);
      for (int i : seq) {
        len += r.route(arr[prev], arr[i], f).lengthM();
        prev = i;
      }
      long autoMs = (System.nanoTime() - a0) / 1_000_000;
      Arrays.sort(ours);
      Arrays.sort(theirs);
      double p50 = ours[pairs / 2];
      double p95 = ours[(int) (pairs * 0.95)];
      double q50 = theirs[pgrPairs / 2];
      double q95 = theirs[(int) (pgrPairs * 0.95)];
      String report = String.format(Locale.ROOT, """
          | measure | value |
          |---|---|
          | graph | %d vertices, %d edges (grid %d × %d, ~110 m, cost factor 1–2, fixed seed) |
          | in-memory graph build (read from PostgreSQL + CSR + STRtree) | %d ms |
          | point-to-point, our A* (%d random pairs) | p50 %.3f ms, p95 %.3f ms |
          | point-to-point, pgr_dijkstra, same edges and costs (%d pairs, one SQL call each) | p50 %.1f ms, p95 %.1f ms |
          | ratio pgr_dijkstra / ours | p50 %.0f×, p95 %.0f× |
          | cost mismatches against pgr_dijkstra | %d of %d |
          | automatic patrol, 50 cells, 40 km budget: distance matrix (51 Dijkstra runs) | %d ms |
          | automatic patrol, total (matrix + orienteering + legs) | %d ms; %d cells visited, %.1f km, score %.0f |
          """, g.nodeCount(), g.edgeCount(), SIDE, SIDE, buildMs, pairs, p50, p95, pgrPairs, q50, q95, q50 / p50,
          q95 / p95, mismatches, pgrPairs, matrixMs, autoMs, tour.order().size(), len / 1000,
          tour.order().stream().mapToDouble(i -> score[i]).sum());
      System.out.println(report);
      Files.createDirectories(Path.of("target/bench"));
      Files.writeString(Path.of("target/bench/routing.md"), report);
      assertThat(g.edgeCount()).isGreaterThan(99_000);
      assertThat(mismatches).isZero();
      assertThat(len).isLessThanOrEqualTo(40_000 + 1);
    } finally {
      jdbc.sql("delete from network_edge").update();
      jdbc.sql("insert into network_edge select * from bench_saved_edges").update();
      jdbc.sql("drop table bench_saved_edges").update();
      graphs.rebuildNow();
    }
  }
}
