package org.borderzone.security;

import java.util.List;
import java.util.regex.Pattern;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Organisations;
import org.borderzone.system.Organisations.Entry;
import org.borderzone.system.Organisations.Kind;
import org.borderzone.system.Ownership;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Organisations as data (docs/EXCHANGE.md "Organisations"): the joint body's administrator adds an organisation
 * (a third party such as Viet Nam) and changes its names or whether it takes new users; the code, the kind and the
 * country never change, and nothing is deleted (users and audit rows name it). Every change is audited (entity
 * {@code organisation}) in its transaction; after the commit this instance's registry reloads, the others within
 * their TTL ({@link Organisations}).
 */
@Service
class OrganisationAdminService {

  static final Pattern CODE = Pattern.compile("^[A-Z]{2,10}$");
  static final Pattern ISO = Pattern.compile("^[A-Z]{2}$");
  static final int MAX_NAME = 200;

  /** Names in the other languages (English is {@code name}; {@code en} here is accepted as the same). */
  record Names(String en, String km, String lo) {}

  /** A new organisation, as posted. */
  record NewOrganisation(String code, String name, Names names, String kind, String country) {}

  /**
   * A change: names and the active flag, each null when unchanged. The code, kind and country never change: when a
   * client sends them back as it read them they are ignored, a different value is a 422 naming the field.
   */
  record OrganisationChange(String name, Names names, Boolean active, String code, String kind, String country) {}

  /** One organisation as the API shows it: the name in the reader's language and all three. */
  record OrganisationView(String code, String name, Names names, String kind, String country, boolean active) {
    static OrganisationView of(Entry e, String lang) {
      return new OrganisationView(e.org().code(), e.name(lang), new Names(e.name(), e.nameKm(), e.nameLo()),
          e.kind().name(), e.countryIso(), e.active());
    }
  }

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Organisations organisations;
  private final Ownership ownership;

  OrganisationAdminService(JdbcClient jdbc, AuditLog audit, Organisations organisations, Ownership ownership) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.organisations = organisations;
    this.ownership = ownership;
  }

  /** Every organisation (inactive ones too: old rows name them), names in {@code lang}. */
  List<OrganisationView> list(String lang) {
    return organisations.all().stream().map(e -> OrganisationView.of(e, lang)).toList();
  }

  @Transactional
  OrganisationView create(NewOrganisation req, Actor actor, String lang) {
    ownership.requireCanManageOrganisations(actor, "code");
    if (req == null) {
      throw ApiException.badField("body", "error.body-missing");
    }
    if (req.code() == null || req.code().isBlank()) {
      throw ApiException.badField("code", "error.required");
    }
    if (!CODE.matcher(req.code()).matches()) {
      throw ApiException.badField("code", "error.org-code-format", req.code());
    }
    String name = name(req.name() != null ? req.name() : req.names() == null ? null : req.names().en(), "name", true);
    String km = req.names() == null ? null : name(req.names().km(), "names.km", false);
    String lo = req.names() == null ? null : name(req.names().lo(), "names.lo", false);
    Kind kind = kind(req.kind());
    String country = req.country() == null || req.country().isBlank() ? null : req.country().strip();
    if (kind == Kind.COUNTRY && country == null) {
      throw ApiException.badField("country", "error.required");
    }
    if (country != null && !ISO.matcher(country).matches()) {
      throw ApiException.badField("country", "error.org-country-format", country);
    }
    if (kind == Kind.JOINT && country != null) {
      throw ApiException.unprocessable("country", "error.org-joint-country");
    }
    jdbc.sql(OrganisationSql.LOCK_TABLE).update();
    if (jdbc.sql(OrganisationSql.EXISTS).param("code", req.code()).query(Boolean.class).single()) {
      throw ApiException.conflict("code", "error.org-code-taken", req.code());
    }
    if (kind == Kind.JOINT) {
      jdbc.sql(OrganisationSql.JOINT_BODY).query(String.class).optional().ifPresent(j -> {
        throw ApiException.unprocessable("kind", "error.org-joint-exists", j);
      });
    }
    jdbc.sql(OrganisationSql.INSERT).param("code", req.code()).param("name", name).param("km", km).param("lo", lo)
        .param("kind", kind.name()).param("country", country).param("by", actor.username()).update();
    String after = json(req.code());
    audit.record(actor, "ORG_CREATE", "organisation", req.code(), null, after);
    reloadAfterCommit();
    return view(req.code(), name, km, lo, kind, country, true, lang);
  }

  @Transactional
  OrganisationView update(String code, OrganisationChange req, Actor actor, String lang) {
    ownership.requireCanManageOrganisations(actor, "code");
    String kind = jdbc.sql(OrganisationSql.LOCK_ONE).param("code", code).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("organisation", code));
    if (req == null) {
      throw ApiException.badField("body", "error.body-missing");
    }
    Entry current = entry(code);
    immutable("code", req.code(), current.org().code());
    immutable("kind", req.kind(), current.kind().name());
    immutable("country", req.country(), current.countryIso());
    String name = name(req.name() != null ? req.name() : req.names() == null ? null : req.names().en(), "name", false);
    String km = req.names() == null ? null : name(req.names().km(), "names.km", false);
    String lo = req.names() == null ? null : name(req.names().lo(), "names.lo", false);
    if (Boolean.FALSE.equals(req.active()) && Kind.valueOf(kind) == Kind.JOINT) {
      throw ApiException.unprocessable("active", "error.org-joint-active");
    }
    String before = json(code);
    jdbc.sql(OrganisationSql.UPDATE).param("code", code).param("name", name).param("km", km).param("lo", lo)
        .param("active", req.active()).update();
    String after = json(code);
    if (!after.equals(before)) {
      audit.record(actor, "ORG_UPDATE", "organisation", code, before, after);
      reloadAfterCommit();
    }
    return OrganisationView.of(entry(code), lang);
  }

  private Entry entry(String code) {
    return jdbc.sql(OrganisationSql.ENTRY).param("code", code)
        .query((rs, n) -> new Entry(Organisation.of(rs.getString("code")), rs.getString("name"),
            rs.getString("name_km"), rs.getString("name_lo"), Kind.valueOf(rs.getString("kind")),
            rs.getString("country_iso"), rs.getBoolean("active")))
        .single();
  }

  /** A field that never changes: absent or as it is, else 422 naming it. */
  private static void immutable(String field, String sent, String current) {
    if (sent != null && !sent.equals(current)) {
      throw ApiException.unprocessable(field, "error.org-immutable", field, current == null ? "-" : current);
    }
  }

  private String json(String code) {
    return jdbc.sql(OrganisationSql.JSON).param("code", code).query(String.class).single();
  }

  private static OrganisationView view(String code, String name, String km, String lo, Kind kind, String country,
      boolean active, String lang) {
    return OrganisationView.of(new Entry(Organisation.of(code), name, km, lo, kind, country, active), lang);
  }

  /** A name: trimmed, at most {@value #MAX_NAME} characters; null when absent (400 when {@code required}). */
  private static String name(String value, String field, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        throw ApiException.badField(field, "error.required");
      }
      return null;
    }
    String v = value.strip();
    if (v.length() > MAX_NAME) {
      throw ApiException.badField(field, "error.too-long", MAX_NAME);
    }
    return v;
  }

  private static Kind kind(String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.badField("kind", "error.required");
    }
    try {
      return Kind.valueOf(value.strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.badField("kind", "error.unknown-value", value, "COUNTRY, JOINT");
    }
  }

  /** This instance's registry reads the table again once the change is committed (the others within their TTL). */
  private void reloadAfterCommit() {
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        organisations.reload();
      }
    });
  }
}
