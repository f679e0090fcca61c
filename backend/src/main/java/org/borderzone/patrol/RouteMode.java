package org.borderzone.patrol;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.borderzone.patrol.RouteService.Planned;
import org.borderzone.patrol.RouteService.Planning;
import org.borderzone.patrol.RouteService.Target;
import org.borderzone.patrol.graph.RoadGraph;
import org.borderzone.patrol.graph.Tours;
import org.borderzone.system.ApiException;

/**
 * The {@code mode} of {@code POST /api/routes}: which fields a request needs and how the points it visits are
 * chosen and ordered, one implementation per mode. Whether the patrol is joint is not a mode: it combines with
 * every mode, and only changes the edge filter and the meeting stops ({@link RouteService.Plan}).
 */
sealed interface RouteMode permits RouteMode.PointToPoint, RouteMode.Loop, RouteMode.Auto, RouteMode.Teams {

  /** Every mode, in the order the error message lists them. */
  List<RouteMode> ALL = List.of(new PointToPoint(), new Loop(), new Auto(), new Teams());

  /** The mode's name on the wire ({@code mode} in the request and the answer). */
  String wire();

  /** A 400 naming the first field this mode needs that the request lacks. */
  void requireFields(RouteRequest r);

  Planned plan(Planning in);

  /** The mode named {@code wire}, or null. */
  static RouteMode of(String wire) {
    for (RouteMode m : ALL) {
      if (m.wire().equals(wire)) {
        return m;
      }
    }
    return null;
  }

  /** The wire names, for error messages: {@code point-to-point, loop, auto, teams}. */
  static String names() {
    return String.join(", ", ALL.stream().map(RouteMode::wire).toList());
  }

  /** From the origin (a base or {@code start}) to {@code end}. */
  record PointToPoint() implements RouteMode {
    @Override
    public String wire() {
      return "point-to-point";
    }

    @Override
    public void requireFields(RouteRequest r) {
      if (r.baseId() == null && r.start() == null) {
        throw ApiException.badField("start", "error.required");
      }
      if (r.end() == null) {
        throw ApiException.badField("end", "error.required");
      }
    }

    @Override
    public Planned plan(Planning in) {
      Target end = in.plan().target("end", "end", in.req().end(), null);
      return new Planned(List.of(in.plan().build(1, in.firstBase(), List.of(in.origin(), end))), List.of(), 0);
    }
  }

  /** Every stop once, in the shortest order found, back to the origin; within {@code budgetKm} if given. */
  record Loop() implements RouteMode {
    @Override
    public String wire() {
      return "loop";
    }

    @Override
    public void requireFields(RouteRequest r) {
      if (r.baseId() == null && r.start() == null) {
        throw ApiException.badField("baseId", "error.required");
      }
      if (r.stops().isEmpty()) {
        throw ApiException.badField("stops", "error.empty");
      }
    }

    @Override
    public Planned plan(Planning in) {
      RouteRequest req = in.req();
      RouteService.Plan p = in.plan();
      List<Target> pts = new ArrayList<>();
      pts.add(in.origin());
      for (int i = 0; i < req.stops().size(); i++) {
        pts.add(p.target("stop", "stops[" + i + "]", req.stops().get(i), null));
      }
      double[][] d = p.matrix(pts);
      List<Integer> idx = new ArrayList<>();
      for (int i = 1; i < pts.size(); i++) {
        if (d[0][i] == Double.POSITIVE_INFINITY || d[i][0] == Double.POSITIVE_INFINITY) {
          throw ApiException.unprocessable(pts.get(i).ref(), "error.unreachable");
        }
        idx.add(i);
      }
      Tours.Tour tour = Tours.loop(d, 0, idx);
      if (req.budgetKm() != null && tour.length() > req.budgetKm() * 1000) {
        throw ApiException.unprocessable("budgetKm", "error.budget-too-small",
            RouteService.round1(tour.length() / 1000), req.budgetKm());
      }
      return new Planned(List.of(p.build(1, in.firstBase(), RouteService.closed(pts, 0, tour.order()))), List.of(), 0);
    }
  }

  /** One patrol from the origin through the hot cells that score most within {@code budgetKm} (orienteering). */
  record Auto() implements RouteMode {
    @Override
    public String wire() {
      return "auto";
    }

    @Override
    public void requireFields(RouteRequest r) {
      if (r.baseId() == null && r.start() == null) {
        throw ApiException.badField("baseId", "error.required");
      }
      if (r.budgetKm() == null) {
        throw ApiException.badField("budgetKm", "error.required");
      }
    }

    @Override
    public Planned plan(Planning in) {
      return HotCellPatrol.plan(in, false);
    }
  }

  /** {@code teams} patrols from the bases in turn, sharing the hot cells, each within {@code budgetKm}. */
  record Teams() implements RouteMode {
    @Override
    public String wire() {
      return "teams";
    }

    @Override
    public void requireFields(RouteRequest r) {
      if (r.baseId() == null && r.baseIds() == null) {
        throw ApiException.badField("baseId", "error.required");
      }
      if (r.budgetKm() == null) {
        throw ApiException.badField("budgetKm", "error.required");
      }
    }

    @Override
    public Planned plan(Planning in) {
      return HotCellPatrol.plan(in, true);
    }
  }

  /** What {@link Auto} and {@link Teams} share: the hot cells of the window as targets, chosen within the budget. */
  final class HotCellPatrol {
    private HotCellPatrol() {}

    static Planned plan(Planning in, boolean teams) {
      RouteRequest req = in.req();
      RouteService.Plan p = in.plan();
      List<Integer> baseList = in.baseList();
      List<RoutePlan.TeamRoute> routes = new ArrayList<>();
      List<RoutePlan.Skipped> skipped = new ArrayList<>();
      double covered = 0;
      OffsetDateTime to = req.to() != null ? req.to() : OffsetDateTime.now();
      OffsetDateTime from = req.from() != null ? req.from() : to.minusDays(in.props().defaultWindowDays());
      List<HotCellSource.HotCell> cells = in.hotCells().hotCells(in.hotCellViewer(), from, to);
      if (cells.isEmpty()) {
        throw ApiException.unprocessable("window", "error.no-hot-cells", from, to);
      }
      List<Target> pts = new ArrayList<>();
      int[] depots;
      if (teams) {
        List<Integer> teamBases = new ArrayList<>();
        for (int t = 0; t < req.teams(); t++) {
          teamBases.add(baseList.get(t % baseList.size()));
        }
        List<Integer> distinct = new ArrayList<>(new LinkedHashSet<>(teamBases));
        for (int i = 0; i < distinct.size(); i++) {
          pts.add(p.baseTarget(in.bases().get(distinct.get(i)), req.baseIds() != null ? "baseIds[" + i + "]" : "baseId"));
        }
        depots = teamBases.stream().mapToInt(distinct::indexOf).toArray();
      } else {
        pts.add(in.origin());
        depots = new int[] {0};
      }
      int firstCell = pts.size();
      for (HotCellSource.HotCell c : cells) {
        RoadGraph.Snap s = p.router.graph().snap(c.lon(), c.lat(), p.filter, in.props().cellSnapMaxM());
        if (s == null) {
          skipped.add(new RoutePlan.Skipped(c.id(), c.lon(), c.lat(), c.score(), "no-edge"));
        } else {
          pts.add(new Target("cell", c.id(), c.lon(), c.lat(), c.score(), s));
        }
      }
      double[][] d = p.matrix(pts);
      double budget = req.budgetKm() * 1000;
      double[] score = new double[pts.size()];
      List<Integer> idx = new ArrayList<>();
      double nearest = Double.POSITIVE_INFINITY;
      for (int i = firstCell; i < pts.size(); i++) {
        score[i] = pts.get(i).score();
        double best = Double.POSITIVE_INFINITY;
        for (int dep : depots) {
          best = Math.min(best, d[dep][i] + d[i][dep]);
        }
        nearest = Math.min(nearest, best);
        Target t = pts.get(i);
        if (best == Double.POSITIVE_INFINITY) {
          skipped.add(new RoutePlan.Skipped(t.ref(), t.lon(), t.lat(), t.score(), "unreachable"));
        } else if (best > budget) {
          skipped.add(new RoutePlan.Skipped(t.ref(), t.lon(), t.lat(), t.score(), "over-budget"));
        } else {
          idx.add(i);
        }
      }
      if (idx.isEmpty()) {
        if (nearest == Double.POSITIVE_INFINITY) {
          throw ApiException.unprocessable(req.baseIds() != null ? "baseIds" : "baseId", "error.no-cell-reachable",
              cells.size());
        }
        throw ApiException.unprocessable("budgetKm", "error.budget-no-cell", RouteService.round1(nearest / 1000),
            req.budgetKm());
      }
      List<Tours.Tour> tours = teams ? Tours.teams(d, depots, idx, score, budget)
          : List.of(Tours.orienteering(d, 0, idx, score, budget));
      Set<Integer> used = new HashSet<>();
      for (int t = 0; t < tours.size(); t++) {
        Tours.Tour tour = tours.get(t);
        used.addAll(tour.order());
        for (int i : tour.order()) {
          covered += score[i];
        }
        Target depot = pts.get(depots[t]);
        Integer baseId = teams ? baseList.get(t % baseList.size()) : in.firstBase();
        routes.add(p.build(t + 1, baseId, RouteService.closed(pts, depots[t], tour.order())));
        if (depot.snap() == null) {
          throw new IllegalStateException("depot without snap");
        }
      }
      for (int i : idx) {
        if (!used.contains(i)) {
          Target t = pts.get(i);
          skipped.add(new RoutePlan.Skipped(t.ref(), t.lon(), t.lat(), t.score(), "not-chosen"));
        }
      }
      return new Planned(routes, skipped, covered);
    }
  }
}
