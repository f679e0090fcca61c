package org.borderzone.patrol;

import java.util.Set;
import org.borderzone.audit.AuditLog;
import org.borderzone.geo.AreaOfInterest;
import org.borderzone.geo.Geo;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Organisations;
import org.borderzone.system.Ownership;
import org.locationtech.jts.geom.Point;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Patrol bases (checkpoints, posts, bases): create, update (optimistic lock on {@code version}), delete, each
 * audited in its transaction. The side is computed from the country outlines; a KH or LA base must lie on
 * its own organisation's side. A base is national data: only its owner organisation creates, changes (or hands
 * over) and deletes it ({@link Ownership#requireCanChangeBase}).
 */
@Service
class BaseService {

  static final Set<String> KINDS = Set.of("CHECKPOINT", "POST", "BASE");

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Organisations organisations;
  private final Ownership ownership;

  BaseService(JdbcClient jdbc, AuditLog audit, Organisations organisations, Ownership ownership) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.organisations = organisations;
    this.ownership = ownership;
  }

  /** The body of {@code POST /api/bases} and {@code PUT /api/bases/{id}}: a GeoJSON Feature with a Point. */
  record BaseFeature(String type, JsonNode geometry, Properties properties) {
    record Properties(String name, String kind, String orgCode, String notes, Integer version) {}
  }

  /**
   * A validated base from a GeoJSON Feature (Point; properties name, kind, orgCode, notes, version). The
   * organisation code is checked against the registry by {@link #ownerOf}.
   */
  record BaseInput(String name, String kind, String orgCode, double lon, double lat, String notes, Integer version) {}

  static BaseInput parse(BaseFeature body) {
    if (body == null || !"Feature".equals(body.type())) {
      throw ApiException.badField("type", "error.feature");
    }
    Point p = (Point) Geo.geometry(body.geometry(), "geometry", "Point", AreaOfInterest.CAMBODIA_LAOS);
    BaseFeature.Properties props = body.properties() == null
        ? new BaseFeature.Properties(null, null, null, null, null) : body.properties();
    String name = text(props.name(), "name", 200, true);
    String kind = text(props.kind(), "kind", 20, true);
    if (!KINDS.contains(kind)) {
      throw ApiException.badField("properties.kind", "error.unknown-value", kind, "CHECKPOINT, POST, BASE");
    }
    String org = text(props.orgCode(), "orgCode", 10, true);
    String notes = text(props.notes(), "notes", 2000, false);
    return new BaseInput(name, kind, org, p.getX(), p.getY(), notes, props.version());
  }

  private static String text(String value, String key, int max, boolean required) {
    String field = "properties." + key;
    if (value == null) {
      if (required) {
        throw ApiException.badField(field, "error.required");
      }
      return null;
    }
    String s = value.strip();
    if (required && s.isEmpty()) {
      throw ApiException.badField(field, "error.blank");
    }
    if (s.length() > max) {
      throw ApiException.badField(field, "error.too-long", max);
    }
    return s;
  }

  /** The base's owner organisation: a known one (else 400 {@code properties.orgCode}). */
  private Organisation ownerOf(BaseInput in) {
    return organisations.parse(in.orgCode(), "properties.orgCode");
  }

  /** The side of the border the base lies on; a country's base must lie on its own side (422). */
  private String sideOf(BaseInput in, Organisation owner) {
    String side = jdbc.sql(PatrolSql.SIDE_OF_POINT).param("lon", in.lon()).param("lat", in.lat())
        .query(String.class).optional().orElse(null);
    if (organisations.isCountry(owner) && !owner.code().equals(side)) {
      throw ApiException.unprocessable("geometry", "error.base-wrong-side", owner, side == null ? "-" : side);
    }
    return side;
  }

  @Transactional
  String create(BaseInput in, Actor actor) {
    Organisation owner = ownerOf(in);
    ownership.requireCanChangeBase(actor, owner, "properties.orgCode");
    String side = sideOf(in, owner);
    int id = jdbc.sql(PatrolSql.BASE_INSERT)
        .param("name", in.name()).param("kind", in.kind()).param("org", owner.code()).param("side", side)
        .param("lon", in.lon()).param("lat", in.lat()).param("notes", in.notes()).query(Integer.class).single();
    String after = one(id);
    audit.record(actor, "CREATE", "patrol_base", id, null, after);
    return after;
  }

  @Transactional
  String update(int id, BaseInput in, Actor actor) {
    Locked locked = lock(id);
    ownership.requireCanChangeBase(actor, locked.owner(), "id");
    Organisation owner = ownerOf(in);
    ownership.requireCanChangeBase(actor, owner, "properties.orgCode");
    Integer cur = locked.version();
    if (in.version() == null) {
      throw ApiException.badField("properties.version", "error.required");
    }
    if (!in.version().equals(cur)) {
      throw ApiException.conflict("properties.version", "error.stale-version-of", "patrol base", in.version(), cur);
    }
    String before = one(id);
    String side = sideOf(in, owner);
    jdbc.sql(PatrolSql.BASE_UPDATE)
        .param("name", in.name()).param("kind", in.kind()).param("org", owner.code()).param("side", side)
        .param("lon", in.lon()).param("lat", in.lat()).param("notes", in.notes()).param("id", id).update();
    String after = one(id);
    audit.record(actor, "UPDATE", "patrol_base", id, before, after);
    return after;
  }

  @Transactional
  void delete(int id, Actor actor) {
    ownership.requireCanChangeBase(actor, lock(id).owner(), "id");
    String before = one(id);
    long plans = jdbc.sql(PatrolSql.BASE_PLANS).param("id", id)
        .query(Long.class).single();
    if (plans > 0) {
      throw ApiException.conflict("id", "error.base-in-use", plans);
    }
    jdbc.sql(PatrolSql.BASE_DELETE).param("id", id).update();
    audit.record(actor, "DELETE", "patrol_base", id, before, null);
  }

  /** The base's version and owner, the row locked for the change (404 when unknown). */
  private Locked lock(int id) {
    return jdbc.sql(PatrolSql.BASE_LOCK).param("id", id)
        .query((rs, n) -> new Locked(rs.getInt("version"), Organisation.of(rs.getString("org_code"))))
        .optional().orElseThrow(() -> ApiException.notFound("patrol base", id));
  }

  private record Locked(int version, Organisation owner) {}

  String one(int id) {
    return jdbc.sql(PatrolSql.BASE_ONE).param("id", id).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("patrol base", id));
  }

  String all() {
    return jdbc.sql(PatrolSql.BASES).query(String.class).single();
  }
}
