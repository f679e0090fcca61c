package org.borderzone.exchange;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.borderzone.audit.AuditLog;
import org.borderzone.incidents.Releasability;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.JsonBody;
import org.borderzone.system.Organisations;
import org.borderzone.system.Ownership;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Explicit releases (issue 12, item 2; docs/EXCHANGE.md "Releases"): the owner organisation of a NATIONAL incident
 * releases it to named parties, whole or with fields withheld, with a reason; it may withdraw a release. One
 * {@code incident_release} row per party, never deleted. Who may see the incident then is decided where it always
 * was ({@link Releasability}); this class only writes the rows (and audits them).
 */
@Service
class ReleaseService {

  /** Most parties one release names (there are a handful of organisations; a bound, not a policy). */
  static final int MAX_PARTIES = 20;

  /** Longest reason (V21's check). */
  static final int MAX_REASON = 2000;

  /** Largest page of {@code GET /api/releases}. */
  static final int MAX_SIZE = 500;

  /** {@code POST /api/releases}; an unknown field is a 400 naming it (a typo must not release more than meant). */
  record NewRelease(String incident, List<String> to, List<String> withheld, String reason) {}

  /** {@code POST /api/releases/{id}/withdraw}. */
  record Withdrawal(String reason) {}

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Ownership ownership;
  private final Organisations organisations;

  ReleaseService(JdbcClient jdbc, AuditLog audit, Ownership ownership, Organisations organisations) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.ownership = ownership;
    this.organisations = organisations;
  }

  /**
   * A body as {@code type} (a record) with the strict rules of {@link JsonBody}, and no field the record does not
   * have (400 naming it: a typo must not make a release other than the one meant, e.g. "witheld").
   */
  static <T extends Record> T read(JsonNode body, Class<T> type) {
    if (body == null || !body.isObject()) {
      throw ApiException.badField("body", "error.wrong-type", "a JSON object");
    }
    Set<String> known = new java.util.HashSet<>();
    for (var c : type.getRecordComponents()) {
      known.add(c.getName());
    }
    for (String name : body.propertyNames()) {
      if (!known.contains(name)) {
        throw ApiException.badField(name, "error.unknown-field", String.join(", ", new java.util.TreeSet<>(known)));
      }
    }
    return JsonBody.convert(body, type, "");
  }

  /** Releases the incident to every party of {@code to}; the new releases as a JSON array text. */
  @Transactional
  public String release(NewRelease req, Actor actor) {
    if (req == null) {
      throw ApiException.badField("body", "error.required");
    }
    UUID incident = uuid(req.incident(), "incident");
    if (req.to() == null || req.to().isEmpty()) {
      throw ApiException.badField("to", "error.required");
    }
    if (req.to().size() > MAX_PARTIES) {
      throw ApiException.unprocessable("to", "error.too-many", MAX_PARTIES);
    }
    Set<Organisation> to = new LinkedHashSet<>();
    for (int k = 0; k < req.to().size(); k++) {
      Organisation o = organisations.parse(req.to().get(k), "to");
      if (!to.add(o)) {
        throw ApiException.badField("to", "error.release-duplicate", o.code());
      }
    }
    Set<String> withheld = new LinkedHashSet<>();
    for (String w : req.withheld() == null ? List.<String>of() : req.withheld()) {
      String f = w == null ? "" : w.strip().toLowerCase(Locale.ROOT);
      if (!Releasability.WITHHELD_FIELDS.contains(f)) {
        throw ApiException.badField("withheld", "error.unknown-value", w, String.join(", ",
            Releasability.WITHHELD_FIELDS));
      }
      withheld.add(f);
    }
    String reason = reason(req.reason());
    record Locked(long id, Organisation owner, String releasability) {}
    Locked inc = Releasability.bind(jdbc.sql(ReleaseSql.LOCK_INCIDENT).param("publicId", incident), actor)
        .query((rs, n) -> new Locked(rs.getLong(1), Organisation.of(rs.getString(2)), rs.getString(3)))
        .optional().orElseThrow(() -> ApiException.notFound("incident", incident));
    ownership.requireCanReleaseIncident(actor, inc.owner());
    if ("SHARED".equals(inc.releasability())) {
      throw ApiException.conflict("incident", "error.release-shared", incident);
    }
    if (to.contains(inc.owner())) {
      throw ApiException.unprocessable("to", "error.release-self", inc.owner().code());
    }
    List<String> codes = to.stream().map(Organisation::code).toList();
    List<String> open = jdbc.sql(ReleaseSql.OPEN_TO).param("incidentId", inc.id()).param("orgs", codes)
        .query(String.class).list();
    if (!open.isEmpty()) {
      throw ApiException.conflict("to", "error.release-open", String.join(", ", open));
    }
    List<UUID> made = new ArrayList<>();
    for (String code : codes) {
      UUID id = jdbc.sql(ReleaseSql.INSERT).param("incidentId", inc.id()).param("toOrg", code)
          .param("withheld", String.join(",", withheld)).param("reason", reason).param("user", actor.username())
          .param("org", inc.owner().code()).query(UUID.class).single();
      String after = json(id);
      audit.record(actor, "RELEASE", "incident_release", id, null, after);
      made.add(id);
    }
    return jdbc.sql(ReleaseSql.BY_IDS).param("ids", made).query(String.class).single();
  }

  /** Withdraws an open release (its owner organisation's planners); the release as JSON. */
  @Transactional
  public String withdraw(UUID id, Withdrawal req, Actor actor) {
    String reason = reason(req == null ? null : req.reason());
    record Locked(long rowId, Organisation owner, boolean withdrawn) {}
    Locked cur = Releasability.bind(jdbc.sql(ReleaseSql.LOCK).param("id", id), actor)
        .query((rs, n) -> new Locked(rs.getLong(1), Organisation.of(rs.getString(2)), rs.getBoolean(3)))
        .optional().orElseThrow(() -> ApiException.notFound("release", id));
    ownership.requireCanReleaseIncident(actor, cur.owner());
    if (cur.withdrawn()) {
      throw ApiException.conflict("state", "error.release-withdrawn", id);
    }
    String before = json(id);
    jdbc.sql(ReleaseSql.WITHDRAW).param("user", actor.username()).param("reason", reason)
        .param("rowId", cur.rowId()).update();
    String after = json(id);
    audit.record(actor, "WITHDRAW", "incident_release", id, before, after);
    return after;
  }

  /** Releases made by or to the caller's organisation, newest first: {@code {total, page, size, items}}. */
  @Transactional(readOnly = true)
  public String list(int page, int size, Actor actor) {
    if (page < 0) {
      throw ApiException.badField("page", "error.min", 0);
    }
    if (size < 1 || size > MAX_SIZE) {
      throw ApiException.badField("size", "error.range", 1, MAX_SIZE);
    }
    long total = Releasability.bind(jdbc.sql(ReleaseSql.COUNT), actor).query(Long.class).single();
    String items = Releasability.bind(jdbc.sql(ReleaseSql.PAGE), actor).param("size", size)
        .param("offset", (long) page * size).query(String.class).single();
    return jdbc.sql(ReleaseSql.PAGE_JSON).param("total", total).param("page", page).param("size", size)
        .param("items", items).query(String.class).single();
  }

  /** The releases of a visible incident the caller may read (all for its owner, its own for a recipient). */
  @Transactional(readOnly = true)
  public String ofIncident(UUID incident, Actor actor) {
    return Releasability.bind(jdbc.sql(ReleaseSql.OF_INCIDENT).param("publicId", incident), actor)
        .query(String.class).optional().orElseThrow(() -> ApiException.notFound("incident", incident));
  }

  /** One release for one of its parties. */
  @Transactional(readOnly = true)
  public String one(UUID id, Actor actor) {
    return Releasability.bind(jdbc.sql(ReleaseSql.ONE).param("id", id), actor).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("release", id));
  }

  private String json(UUID id) {
    return jdbc.sql(ReleaseSql.AUDIT_JSON_BY_ID).param("id", id).query(String.class).single();
  }

  private static String reason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw ApiException.badField("reason", "error.required");
    }
    String r = reason.strip();
    if (r.length() > MAX_REASON) {
      throw ApiException.badField("reason", "error.too-long", MAX_REASON);
    }
    return r;
  }

  private static UUID uuid(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.badField(field, "error.required");
    }
    try {
      return UUID.fromString(value.strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(field, "error.release-not-uuid", value);
    }
  }
}
