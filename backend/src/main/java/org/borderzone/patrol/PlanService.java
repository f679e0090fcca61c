package org.borderzone.patrol;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.borderzone.audit.AuditLog;
import org.borderzone.geo.Extent;
import org.borderzone.geo.Geo;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.locationtech.jts.geom.Geometry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Saved patrol plans: stored from a route response (its route lines, stops and covered cells), owned by the
 * caller's organisation. Visibility: a user sees the plans of their own organisation and the joint plans.
 * Status: PLANNED → DONE | CANCELLED (final). Every write is audited.
 */
@Service
class PlanService {

  static final Set<String> STATUSES = Set.of("PLANNED", "DONE", "CANCELLED");

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final HotCellSource hotCells;

  PlanService(JdbcClient jdbc, AuditLog audit, HotCellSource hotCells) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.hotCells = hotCells;
  }

  static final String PLAN_JSON = """
      json_build_object('type', 'Feature', 'id', p.id, 'geometry', st_asgeojson(p.route_geom, 7)::json,
        'properties', json_build_object('id', p.id, 'name', p.name, 'baseId', p.base_id, 'ownerOrg', p.owner_org,
          'createdBy', p.created_by, 'createdAt', p.created_at, 'mode', p.mode, 'profile', p.profile,
          'joint', p.joint, 'status', p.status, 'lengthM', round(p.length_m::numeric, 1),
          'durationS', round(p.duration_s::numeric), 'coveredCells', p.covered_cells, 'stops', p.stops,
          'plannedFor', p.planned_for, 'version', p.version))
      """;

  static final String VISIBLE = "(p.owner_org = :org or p.joint)";

  @Transactional
  String create(JsonNode body, Actor actor) {
    if (body == null || !body.isObject()) {
      throw ApiException.badField("body", "error.body-missing");
    }
    JsonNode nameNode = body.get("name");
    if (nameNode == null || !nameNode.isString() || nameNode.asString().isBlank()) {
      throw ApiException.badField("name", "error.required");
    }
    String name = nameNode.asString().strip();
    if (name.length() > 200) {
      throw ApiException.badField("name", "error.too-long", 200);
    }
    String status = body.path("status").asString("PLANNED");
    if (!STATUSES.contains(status)) {
      throw ApiException.badField("status", "error.unknown-value", status, "PLANNED, DONE, CANCELLED");
    }
    JsonNode route = body.get("route");
    if (route == null || !route.isObject() || !"FeatureCollection".equals(route.path("type").asString(""))
        || !route.path("features").isArray()) {
      throw ApiException.badField("route", "error.route-feature");
    }
    String mode = route.path("mode").asString("");
    if (!RouteRequest.MODES.contains(mode)) {
      throw ApiException.badField("route.mode", "error.unknown-value", mode, RouteMode.names());
    }
    String profile = route.path("profile").asString("");
    if (!profile.equals("foot") && !profile.equals("vehicle")) {
      throw ApiException.badField("route.profile", "error.unknown-value", profile, "foot, vehicle");
    }
    boolean joint = route.path("joint").asBoolean(false);
    List<String> lines = new ArrayList<>();
    ArrayNode stops = JsonNodeFactory.instance.arrayNode();
    ArrayNode cells = JsonNodeFactory.instance.arrayNode();
    double length = 0;
    double duration = 0;
    Integer baseId = null;
    JsonNode fs = route.get("features");
    for (int i = 0; i < fs.size(); i++) {
      JsonNode f = fs.get(i);
      String field = "route.features[" + i + "]";
      String kind = f.path("properties").path("kind").asString("");
      if (kind.equals("route")) {
        Geometry g = Geo.geometry(f.get("geometry"), field + ".geometry", "LineString", Extent.AREA_OF_INTEREST);
        lines.add(g.toText());
        length += f.path("properties").path("lengthM").asDouble(0);
        duration = Math.max(duration, f.path("properties").path("durationS").asDouble(0));
        if (baseId == null && f.path("properties").path("baseId").isIntegralNumber()) {
          baseId = f.path("properties").path("baseId").asInt();
        }
      } else if (kind.equals("stop")) {
        Geo.geometry(f.get("geometry"), field + ".geometry", "Point", Extent.AREA_OF_INTEREST);
        stops.add(f);
        JsonNode cell = f.path("properties").get("cellId");
        if (cell != null && cell.isString()) {
          cells.add(cell.asString());
        }
      }
    }
    if (lines.isEmpty()) {
      throw ApiException.badField("route.features", "error.route-feature");
    }
    if (baseId != null && jdbc.sql("select count(*) from patrol_base where id = :id").param("id", baseId)
        .query(Long.class).single() == 0) {
      throw ApiException.unprocessable("route.features", "error.unknown-id", "patrol base", baseId);
    }
    long id = jdbc.sql("""
        insert into patrol_plan (name, base_id, owner_org, created_by, mode, profile, stops, covered_cells,
                                 route_geom, length_m, duration_s, status, joint, route)
        values (:name, :baseId, :org, :user, :mode, :profile, cast(:stops as jsonb), cast(:cells as jsonb),
                st_multi(st_collect(cast(:lines as geometry[]))), :len, :dur, :status, :joint, cast(:route as jsonb))
        returning id
        """).param("name", name).param("baseId", baseId).param("org", actor.orgCode()).param("user", actor.username())
        .param("mode", mode).param("profile", profile).param("stops", stops.toString())
        .param("cells", cells.toString())
        .param("lines", lines.stream().map(w -> "SRID=4326;" + w).toArray(String[]::new))
        .param("len", length).param("dur", duration).param("status", status).param("joint", joint)
        .param("route", route.toString())
        .query(Long.class).single();
    String after = one(id, actor);
    audit.record(actor, "CREATE", "patrol_plan", id, null, after);
    return after;
  }

  String one(long id, Actor actor) {
    return jdbc.sql("select " + PLAN_JSON + "::text from patrol_plan p where p.id = :id and " + VISIBLE)
        .param("id", id).param("org", actor.orgCode()).query(String.class).optional()
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
    return jdbc.sql("""
        select json_build_object('type', 'FeatureCollection',
          'numberMatched', (select count(*) from patrol_plan p where %1$s),
          'numberReturned', count(*), 'page', cast(:page as int), 'size', cast(:size as int),
          'features', coalesce(json_agg(f order by created_at desc, id desc), '[]'::json))::text
        from (select p.created_at, p.id, %2$s as f from patrol_plan p where %1$s
              order by p.created_at desc, p.id desc limit :size offset :offset) x
        """.formatted(VISIBLE, PLAN_JSON))
        .param("org", actor.orgCode()).param("page", page).param("size", size).param("offset", (long) page * size)
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
    String cur = jdbc.sql("select status from patrol_plan where id = :id for update").param("id", id)
        .query(String.class).single();
    if (!cur.equals("PLANNED") || status.equals("PLANNED")) {
      throw ApiException.conflict("status", "error.plan-status", cur, status);
    }
    jdbc.sql("update patrol_plan set status = :s, version = version + 1 where id = :id").param("s", status)
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
    ObjectNode fc = JsonNodeFactory.instance.objectNode().put("type", "FeatureCollection").put("days", days)
        .put("hotCells", cells.size());
    ArrayNode features = fc.putArray("features");
    for (HotCellSource.HotCell c : cells) {
      boolean covered = jdbc.sql("""
          select exists (select 1 from patrol_plan p
            where %s and p.status in ('PLANNED', 'DONE') and p.created_at >= :from
              and (p.covered_cells @> jsonb_build_array(cast(:id as text))
                   or st_dwithin(p.route_geom::geography, st_setsrid(st_makepoint(:lon, :lat), 4326)::geography, 1000)))
          """.formatted(VISIBLE))
          .param("org", actor.orgCode()).param("from", from).param("id", c.id()).param("lon", c.lon()).param("lat", c.lat())
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
