package org.borderzone.patrol;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.JsonBody;
import org.borderzone.system.Organisation;
import org.borderzone.system.Ownership;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Saved patrol plans: planned again by the server from the request of a route answer and stored (route lines,
 * stops, covered cells), owned by the patrol's organisation. Visibility ({@link #VISIBLE}): a user sees the plans
 * of their own organisation and the joint plans. Status: PLANNED → DONE | CANCELLED (final), changed by the
 * owner organisation only. Every write is audited.
 */
@Service
class PlanService {

  static final Set<String> STATUSES = Set.of("PLANNED", "DONE", "CANCELLED");

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final HotCellSource hotCells;
  private final RouteService routes;
  private final PatrolProperties props;
  private final Ownership ownership;
  private final TransactionTemplate tx;
  private final JsonMapper json;

  PlanService(JdbcClient jdbc, AuditLog audit, HotCellSource hotCells, RouteService routes, PatrolProperties props,
      Ownership ownership, TransactionTemplate tx, JsonMapper json) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.hotCells = hotCells;
    this.routes = routes;
    this.props = props;
    this.ownership = ownership;
    this.tx = tx;
    this.json = json;
  }

  static final String PLAN_JSON = """
      json_build_object('type', 'Feature', 'id', p.id, 'geometry', st_asgeojson(p.route_geom, 7)::json,
        'properties', json_build_object('id', p.id, 'name', p.name, 'baseId', p.base_id, 'ownerOrg', p.owner_org,
          'createdBy', p.created_by, 'createdAt', p.created_at, 'mode', p.mode, 'profile', p.profile,
          'joint', p.joint, 'status', p.status, 'lengthM', round(p.length_m::numeric, 1),
          'durationS', round(p.duration_s::numeric), 'coveredCells', p.covered_cells, 'stops', p.stops,
          'plannedFor', p.planned_for, 'version', p.version))
      """;

  /**
   * The one read rule of plans, for alias {@code p} and the caller's organisation bound as {@code :viewerOrg}: a
   * plan is readable by its owner organisation, and by everyone when it is joint (a joint plan is built from
   * SHARED incidents only). The audit trail applies it too ({@link PlanAuditVisibility}).
   */
  static final String VISIBLE = "(p.owner_org = :viewerOrg or p.joint)";

  /**
   * Saves a plan. The server computes what it can, so the client's route answer is not trusted: the plan is
   * planned again from the request the answer carries ({@code route.request}, as {@code POST /api/routes} returns
   * it, window explicit) and only that recomputation is stored — its jointness (from the request and the bases,
   * checked by the route rules), lines, length, duration, stops and covered cells. Nothing else of the client's
   * {@code route} is read. The plan belongs to its patrol's organisation ({@link RouteService#patrolOrg}); only
   * that organisation may save it ({@link Ownership#requireCanChangePlan}).
   */
  /** The body of {@code POST /api/patrol-plans}: a name, an optional status and the route answer to plan again. */
  record PlanBody(String name, String status, JsonNode route) {}

  /** The body of {@code POST /api/patrol-plans/{id}/status}. */
  record StatusBody(String status) {}

  String create(PlanBody body, Actor actor) {
    if (body == null) {
      throw ApiException.badField("body", "error.body-missing");
    }
    if (body.name() == null || body.name().isBlank()) {
      throw ApiException.badField("name", "error.required");
    }
    String name = body.name().strip();
    if (name.length() > 200) {
      throw ApiException.badField("name", "error.too-long", 200);
    }
    String status = body.status() == null ? "PLANNED" : body.status();
    if (!STATUSES.contains(status)) {
      throw ApiException.badField("status", "error.unknown-value", status, "PLANNED, DONE, CANCELLED");
    }
    JsonNode route = body.route();
    if (route == null || !route.isObject() || !"FeatureCollection".equals(route.path("type").asString(""))) {
      throw ApiException.badField("route", "error.route-feature");
    }
    JsonNode requestNode = route.get("request");
    if (requestNode == null || requestNode.isNull()) {
      throw ApiException.badField(REQUEST, "error.required");
    }
    RouteRequest req = inRequest(() -> routes.resolved(RouteRequest.parse(
        JsonBody.convert(requestNode, RouteRequest.Body.class, ""), props.maxStops())));
    Organisation owner = inRequest(() -> routes.patrolOrg(req, actor));
    ownership.requireCanChangePlan(actor, owner, REQUEST);
    RoutePlan plan = inRequest(() -> routes.plan(req, actor));
    ObjectNode answer = RouteOutput.geoJson(plan, json);
    answer.set("request", RouteOutput.request(requestNode, req, json));

    List<String> lines = new ArrayList<>();
    double length = 0;
    double duration = 0;
    for (RoutePlan.TeamRoute r : plan.routes()) {
      lines.add("SRID=4326;" + RouteOutput.wkt(r.line()));
      length += r.lengthM();
      duration = Math.max(duration, r.durationS());
    }
    ArrayNode stops = json.createArrayNode();
    ArrayNode cells = json.createArrayNode();
    for (JsonNode f : answer.get("features")) {
      if (f.path("properties").path("kind").asString("").equals("stop")) {
        stops.add(f);
        if (f.path("properties").path("role").asString("").equals("cell")) {
          cells.add(f.path("properties").path("cellId").asString());
        }
      }
    }
    Integer baseId = plan.routes().isEmpty() ? null : plan.routes().get(0).baseId();
    double len = length;
    double dur = duration;
    return tx.execute(s -> {
      long id = jdbc.sql(PatrolSql.INSERT_PLAN)
          .param("name", name).param("baseId", baseId).param("org", owner.code()).param("user", actor.username())
          .param("mode", plan.mode()).param("profile", plan.profile()).param("stops", stops.toString())
          .param("cells", cells.toString()).param("lines", lines.toArray(String[]::new))
          .param("len", len).param("dur", dur).param("status", status).param("joint", plan.joint())
          .param("route", answer.toString())
          .query(Long.class).single();
      String after = one(id, actor);
      audit.record(actor, "CREATE", "patrol_plan", id, null, after);
      return after;
    });
  }

  /** The field of the plan's route request, prefixed to the errors of reading and planning it. */
  static final String REQUEST = "route.request";

  /** Runs {@code step}; an error about a request field names it inside {@link #REQUEST}. */
  private static <T> T inRequest(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (ApiException e) {
      List<ApiException.FieldError> errors = e.errors().stream()
          .map(f -> new ApiException.FieldError(f.field().equals("body") ? REQUEST : REQUEST + "." + f.field(),
              f.code(), f.args()))
          .toList();
      throw new ApiException(e.status(), e.code(), errors, e.args());
    }
  }

  String one(long id, Actor actor) {
    return jdbc.sql(PatrolSql.PLAN_ONE)
        .param("id", id).param("viewerOrg", actor.orgCode()).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("patrol plan", id));
  }

  /**
   * One page of the visible plans, newest first ({@code page} from 0, {@code size} 1–{@code maxSize}), with
   * {@code numberMatched} and {@code numberReturned}: a plan carries its whole route, so the list is paged.
   */
  String list(Actor actor, int page, int size, int maxSize) {
    if (page < 0) {
      throw ApiException.badField("page", "error.min", 0);
    }
    if (size < 1 || size > maxSize) {
      throw ApiException.badField("size", "error.range", 1, maxSize);
    }
    return jdbc.sql(PatrolSql.PLAN_PAGE.formatted(VISIBLE, PLAN_JSON))
        .param("viewerOrg", actor.orgCode()).param("page", page).param("size", size).param("offset", (long) page * size)
        .query(String.class).single();
  }

  @Transactional
  String changeStatus(long id, String status, Actor actor) {
    if (status == null) {
      throw ApiException.badField("status", "error.required");
    }
    if (!STATUSES.contains(status)) {
      throw ApiException.badField("status", "error.unknown-value", status, "PLANNED, DONE, CANCELLED");
    }
    String before = one(id, actor);
    record Locked(String status, Organisation owner) {}
    Locked locked = jdbc.sql(PatrolSql.PLAN_LOCK).param("id", id)
        .query((rs, n) -> new Locked(rs.getString("status"), Organisation.of(rs.getString("owner_org")))).single();
    // Readable is not changeable: a joint plan's status is its owner organisation's to change.
    ownership.requireCanChangePlan(actor, locked.owner(), "id");
    String cur = locked.status();
    if (!cur.equals("PLANNED") || status.equals("PLANNED")) {
      throw ApiException.conflict("status", "error.plan-status", cur, status);
    }
    jdbc.sql(PatrolSql.PLAN_SET_STATUS).param("s", status)
        .param("id", id).update();
    String after = one(id, actor);
    audit.record(actor, "STATUS", "patrol_plan", id, before, after);
    return after;
  }

  /**
   * Hot cells of the last {@code days} days (as the caller may see them) that no visible PLANNED or DONE plan
   * of the same period covered: neither listed among its covered cells nor passed within 1 km by its route.
   */
  String coverage(int days, Actor actor) {
    if (days < 1 || days > 3650) {
      throw ApiException.badField("days", "error.range", 1, 3650);
    }
    var to = java.time.OffsetDateTime.now();
    var from = to.minusDays(days);
    List<HotCellSource.HotCell> cells = hotCells.hotCells(actor, from, to);
    ObjectNode fc = json.createObjectNode().put("type", "FeatureCollection").put("days", days)
        .put("hotCells", cells.size());
    ArrayNode features = fc.putArray("features");
    for (HotCellSource.HotCell c : cells) {
      boolean covered = jdbc.sql(PatrolSql.PLAN_COVERS_CELL.formatted(VISIBLE))
          .param("viewerOrg", actor.orgCode()).param("from", from).param("id", c.id()).param("lon", c.lon()).param("lat", c.lat())
          .query(Boolean.class).single();
      if (!covered) {
        ObjectNode f = features.addObject().put("type", "Feature").put("id", c.id());
        f.putObject("geometry").put("type", "Point").putArray("coordinates").add(deg7(c.lon())).add(deg7(c.lat()));
        f.putObject("properties").put("cellId", c.id()).put("score", c.score()).put("covered", false);
      }
    }
    return fc.toString();
  }

  /** Degrees to 7 decimals (about 1 cm), as the features PostGIS writes ({@code st_asgeojson(g, 7)}). */
  private static double deg7(double v) {
    return Math.round(v * 1e7) / 1e7;
  }

}
