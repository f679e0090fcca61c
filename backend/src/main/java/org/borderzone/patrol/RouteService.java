package org.borderzone.patrol;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.borderzone.patrol.graph.EdgeFilter;
import org.borderzone.patrol.graph.RoadGraph;
import org.borderzone.patrol.graph.Router;
import org.borderzone.patrol.graph.Side;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Organisations;
import org.locationtech.jts.geom.Coordinate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Plans routes on the in-memory graph: point to point, a loop through stops in the best order, an automatic
 * patrol through the hot cells that maximises the covered score within a length budget, and several teams
 * sharing the hot cells. National patrols (the default) use only their own side's edges, at least the setback
 * from the line and outside disputed areas; joint patrols ({@code joint: true}) may use every edge but cross the
 * border only at checkpoint crossings (road or ferry edges of side BOTH), and their answer marks the meeting point
 * there: a stop with role {@code meeting} where the route crosses (ref {@code checkpoint:<base id>} of the nearest
 * CHECKPOINT base within {@link #MEETING_BASE_M}, else {@code crossing:<edge id>}), or, for a joint route that does
 * not cross, at a CHECKPOINT base it passes within {@link #PASS_BY_M} of. Hot cells come from {@link HotCellSource} as the caller may see them (a joint plan only from
 * SHARED incidents, seen as no organisation, so it reveals nothing national to anyone).
 */
@Service
public class RouteService {

  private final GraphHolder graphs;
  private final HotCellSource hotCells;
  private final PatrolProperties props;
  private final JdbcClient jdbc;
  private final Organisations organisations;

  RouteService(GraphHolder graphs, HotCellSource hotCells, PatrolProperties props, JdbcClient jdbc,
      Organisations organisations) {
    this.graphs = graphs;
    this.hotCells = hotCells;
    this.props = props;
    this.jdbc = jdbc;
    this.organisations = organisations;
  }

  /** A crossing's meeting point names the CHECKPOINT base at most this far (metres) from where the route crosses. */
  static final double MEETING_BASE_M = 1000;

  /** A joint route that does not cross meets at a CHECKPOINT base it passes at most this far (metres) from. */
  static final double PASS_BY_M = 100;

  record Base(int id, String name, String org, double lon, double lat) {}

  /** A point to visit: where, which request field or cell it stands for, its score, and its snap. */
  record Target(String role, String ref, double lon, double lat, Double score, RoadGraph.Snap snap) {}

  /**
   * What a {@link RouteMode} plans from: the request, the graph and filter ({@link Plan}), the bases it names
   * (in request order) and the origin (the first base, else {@code start}).
   */
  record Planning(RouteRequest req, Actor actor, Plan plan, Map<Integer, Base> bases, List<Integer> baseList,
      Target origin, HotCellSource hotCells, PatrolProperties props) {

    Integer firstBase() {
      return baseList.isEmpty() ? null : baseList.get(0);
    }

    /** Whose hot cells a patrol visits: a joint patrol's only from SHARED incidents, seen as no organisation. */
    Actor hotCellViewer() {
      return plan.joint ? actor.sharedOnly() : actor;
    }
  }

  /** What a {@link RouteMode} planned: the team routes, the hot cells it left out and the score it covers. */
  record Planned(List<RoutePlan.TeamRoute> routes, List<RoutePlan.Skipped> skipped, double coveredScore) {}

  /**
   * The request with its hot-cell window made explicit (modes auto and teams; default the last
   * {@code defaultWindowDays} days up to now), so that planning it again, when the plan is saved, sees the same
   * window.
   */
  public RouteRequest resolved(RouteRequest req) {
    if (!req.mode().equals("auto") && !req.mode().equals("teams")) {
      return req;
    }
    OffsetDateTime to = req.to() != null ? req.to() : OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
    OffsetDateTime from = req.from() != null ? req.from() : to.minusDays(props.defaultWindowDays());
    return req.withWindow(from, to);
  }

  /**
   * The organisation a patrol of {@code req} belongs to: for a national patrol its bases' country (else the
   * request's {@code org}, else the caller's), for a joint one the caller's. Whether the caller may plan it is
   * not checked here ({@link #plan} does, and {@code Ownership} for saving).
   */
  public Organisation patrolOrg(RouteRequest req, Actor actor) {
    if (req.joint()) {
      return actor.org();
    }
    Map<Integer, Base> bases = new LinkedHashMap<>();
    List<Integer> ids = req.baseIds() != null ? req.baseIds() : req.baseId() != null ? List.of(req.baseId()) : List.of();
    for (int i = 0; i < ids.size(); i++) {
      Base b = base(ids.get(i), req.baseIds() != null ? "baseIds[" + i + "]" : "baseId");
      bases.put(b.id(), b);
    }
    return organisations.find(nationalOrg(req, actor, bases)).orElse(actor.org());
  }

  public RoutePlan plan(RouteRequest req, Actor actor) {
    long t0 = System.nanoTime();
    RouteMode mode = RouteMode.of(req.mode());
    if (mode == null) {
      throw new IllegalStateException(req.mode());
    }
    if (req.org() != null && !organisations.find(req.org()).map(organisations::isCountry).orElse(false)) {
      // a patrol's organisation is a country: the side of the border it keeps to
      throw ApiException.badField("org", "error.unknown-value", req.org(), String.join(", ", organisations.all()
          .stream().filter(e -> e.kind() == Organisations.Kind.COUNTRY).map(e -> e.org().code()).toList()));
    }
    Router router = graphs.router();
    Map<Integer, Base> bases = new LinkedHashMap<>();
    List<Integer> baseList = new ArrayList<>();
    if (req.baseIds() != null) {
      for (int i = 0; i < req.baseIds().size(); i++) {
        Base b = base(req.baseIds().get(i), "baseIds[" + i + "]");
        bases.put(b.id(), b);
        baseList.add(b.id());
      }
    } else if (req.baseId() != null) {
      Base b = base(req.baseId(), "baseId");
      bases.put(b.id(), b);
      baseList.add(b.id());
    }
    String side = nationalSide(req, actor, bases);
    EdgeFilter filter = side == null ? EdgeFilter.jointPatrol(req.profile())
        : EdgeFilter.national(req.profile(), Side.parse(side), props.setbackM());
    Plan p = new Plan(router, filter, side == null);
    Integer firstBase = baseList.isEmpty() ? null : baseList.get(0);
    Target origin = firstBase != null ? p.baseTarget(bases.get(firstBase), req.baseIds() != null ? "baseIds[0]" : "baseId")
        : p.target("start", "start", req.start(), null);
    Planned planned = mode.plan(new Planning(req, actor, p, bases, baseList, origin, hotCells, props));
    return new RoutePlan(req.mode(), req.profile().wire(), side == null, side, req.name(), planned.routes(),
        planned.skipped(), planned.coveredScore(), (System.nanoTime() - t0) / 1_000_000);
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** The depot, the points of {@code order} in that order, and the depot again. */
  static List<Target> closed(List<Target> pts, int depot, List<Integer> order) {
    List<Target> seq = new ArrayList<>();
    seq.add(pts.get(depot));
    for (int i : order) {
      seq.add(pts.get(i));
    }
    seq.add(pts.get(depot));
    return seq;
  }

  /**
   * The side a national patrol keeps to, or null for a joint patrol. The patrol belongs to its base's
   * organisation (or the request's {@code org}, or the caller's); a KH or LA caller plans only for their own.
   */
  private String nationalSide(RouteRequest req, Actor actor, Map<Integer, Base> bases) {
    if (req.joint()) {
      return null;
    }
    String org = nationalOrg(req, actor, bases);
    String field = req.baseIds() != null ? "baseIds" : "baseId";
    if (organisations.isCountry(actor.org()) && !org.equals(actor.orgCode())) {
      throw ApiException.unprocessable(bases.isEmpty() ? "org" : field, "error.other-org", org, actor.orgCode());
    }
    if (Side.parse(org) != Side.KH && Side.parse(org) != Side.LA) {
      throw ApiException.unprocessable("joint", "error.national-side-unknown");
    }
    return org;
  }

  /** The organisation of a national patrol: its bases' country, else the request's {@code org}, else the caller's. */
  private String nationalOrg(RouteRequest req, Actor actor, Map<Integer, Base> bases) {
    String org = null;
    String field = req.baseIds() != null ? "baseIds" : "baseId";
    int i = 0;
    for (Base b : bases.values()) {
      if (org != null && !org.equals(b.org())) {
        throw ApiException.unprocessable(req.baseIds() != null ? "baseIds[" + i + "]" : field, "error.bases-mixed-org");
      }
      org = b.org();
      i++;
    }
    if (org == null || !organisations.find(org).map(organisations::isCountry).orElse(false)) {
      org = req.org() != null ? req.org() : actor.orgCode();
    }
    return org;
  }

  private Base base(int id, String field) {
    return jdbc.sql(PatrolSql.BASE_POSITION)
        .param("id", id)
        .query((rs, n) -> new Base(rs.getInt("id"), rs.getString("name"), rs.getString("org_code"),
            rs.getDouble("lon"), rs.getDouble("lat")))
        .optional().orElseThrow(() -> ApiException.unprocessable(field, "error.unknown-id", "patrol base", id));
  }

  /** The work of one request on one graph and filter. */
  final class Plan {
    final Router router;
    final EdgeFilter filter;
    final boolean joint;

    Plan(Router router, EdgeFilter filter, boolean joint) {
      this.router = router;
      this.filter = filter;
      this.joint = joint;
    }

    Target target(String role, String ref, Coordinate c, Double score) {
      RoadGraph.Snap s = router.graph().snap(c.x, c.y, filter, props.snapMaxM());
      if (s == null) {
        throw ApiException.unprocessable(ref, "error.no-edge-near", props.snapMaxM());
      }
      return new Target(role, ref, c.x, c.y, score, s);
    }

    Target baseTarget(Base b, String field) {
      Target t = target("base", field, new Coordinate(b.lon(), b.lat()), null);
      return new Target("base", "base:" + b.id(), b.lon(), b.lat(), null, t.snap());
    }

    /** Lengths (metres) of the least-cost paths between every pair of points; +infinity when unreachable. */
    double[][] matrix(List<Target> pts) {
      RoadGraph.Snap[] snaps = pts.stream().map(Target::snap).toArray(RoadGraph.Snap[]::new);
      double[][] d = new double[pts.size()][];
      for (int i = 0; i < pts.size(); i++) {
        d[i] = router.costsFrom(snaps[i], snaps, filter)[1];
      }
      return d;
    }

    /**
     * Joins the legs between consecutive targets into one line with stops, distances and ETAs; a joint plan gets a
     * {@code meeting} stop where it crosses the border (or at a checkpoint it passes).
     */
    RoutePlan.TeamRoute build(int team, Integer baseId, List<Target> seq) {
      List<double[]> line = new ArrayList<>();
      List<RoutePlan.Stop> stops = new ArrayList<>();
      RoadGraph g = router.graph();
      double dist = 0;
      double time = 0;
      boolean crossed = false;
      stops.add(stop(0, seq.get(0), 0, 0));
      for (int i = 1; i < seq.size(); i++) {
        Target a = seq.get(i - 1);
        Target b = seq.get(i);
        Router.Path path = router.route(a.snap(), b.snap(), filter);
        if (path == null) {
          throw ApiException.unprocessable(b.ref(), "error.unreachable");
        }
        for (double[] c : path.coordinates(g)) {
          if (line.isEmpty() || !java.util.Arrays.equals(line.get(line.size() - 1), c)) {
            line.add(c);
          }
        }
        if (joint) {
          double d = dist;
          double t = time;
          for (Router.Piece piece : path.pieces()) {
            int e = piece.edge();
            double span = Math.abs(piece.to() - piece.from());
            if (EdgeFilter.isCheckpointCrossing(g, e) && span > 0) {
              RoutePlan.Stop m = meeting(e, piece, d, t);
              if (m != null) {
                stops.add(m);
                crossed = true;
              }
            }
            d += span * g.edgeLength(e);
            t += span * g.edgeCost(filter.profile(), e);
          }
        }
        dist += path.lengthM();
        time += path.cost();
        stops.add(stop(i, b, dist, time));
      }
      if (line.size() == 1) {
        line.add(line.get(0));
      }
      if (line.isEmpty()) {
        RoadGraph.Snap s = seq.get(0).snap();
        line.add(new double[] {s.lon(), s.lat()});
        line.add(new double[] {s.lon(), s.lat()});
      }
      if (joint && !crossed) {
        passedCheckpoint(line, stops, seq);
      }
      List<RoutePlan.Stop> numbered = new ArrayList<>();
      for (RoutePlan.Stop s : stops) {
        numbered.add(new RoutePlan.Stop(numbered.size(), s.role(), s.ref(), s.lon(), s.lat(), s.distanceM(), s.etaS(),
            s.score()));
      }
      return new RoutePlan.TeamRoute(team, baseId, line, dist, time, numbered);
    }

    /** The meeting stop where piece of crossing edge {@code e} crosses the border line, or null if it does not. */
    private RoutePlan.Stop meeting(int e, Router.Piece piece, double distBefore, double timeBefore) {
      RoadGraph g = router.graph();
      return jdbc.sql(PatrolSql.CROSSING_POINT).param("id", g.edgeId(e)).param("maxM", MEETING_BASE_M).query((rs, n) -> {
        double f = rs.getDouble("f");
        double lo = Math.min(piece.from(), piece.to());
        double hi = Math.max(piece.from(), piece.to());
        if (f < lo || f > hi) {
          return null;
        }
        double along = Math.abs(f - piece.from());
        Object base = rs.getObject("base");
        String ref = base != null ? "checkpoint:" + base : "crossing:" + g.edgeId(e);
        return new RoutePlan.Stop(0, "meeting", ref, rs.getDouble("lon"), rs.getDouble("lat"),
            distBefore + along * g.edgeLength(e), timeBefore + along * g.edgeCost(filter.profile(), e), null);
      }).optional().orElse(null);
    }

    /** A joint route that does not cross: a meeting stop at the first CHECKPOINT base it passes (not a stop already). */
    private void passedCheckpoint(List<double[]> line, List<RoutePlan.Stop> stops, List<Target> seq) {
      StringBuilder wkt = new StringBuilder("LINESTRING(");
      for (int i = 0; i < line.size(); i++) {
        wkt.append(i > 0 ? "," : "").append(line.get(i)[0]).append(' ').append(line.get(i)[1]);
      }
      wkt.append(')');
      String exclude = String.join(",", seq.stream().map(Target::ref).distinct().toList());
      jdbc.sql(PatrolSql.PASSED_CHECKPOINT).param("wkt", wkt.toString()).param("maxM", PASS_BY_M).param("exclude", exclude)
          .query((rs, n) -> new double[] {rs.getInt("id"), rs.getDouble("lon"), rs.getDouble("lat"), rs.getDouble("f")})
          .optional().ifPresent(r -> {
            // Distance and ETA by interpolating between the stops around the fraction of the line's length.
            double total = stops.get(stops.size() - 1).distanceM();
            double at = r[3] * total;
            int k = 1;
            while (k < stops.size() - 1 && stops.get(k).distanceM() < at) {
              k++;
            }
            RoutePlan.Stop s0 = stops.get(k - 1);
            RoutePlan.Stop s1 = stops.get(k);
            double span = s1.distanceM() - s0.distanceM();
            double eta = span <= 0 ? s0.etaS() : s0.etaS() + (at - s0.distanceM()) / span * (s1.etaS() - s0.etaS());
            stops.add(k, new RoutePlan.Stop(0, "meeting", "checkpoint:" + (int) r[0], r[1], r[2], at, eta, null));
          });
    }

    private RoutePlan.Stop stop(int order, Target t, double dist, double time) {
      String role = order > 0 && t.role().equals("base") ? "base" : t.role();
      return new RoutePlan.Stop(order, role, t.ref(), t.snap().lon(), t.snap().lat(), dist, time, t.score());
    }
  }
}
