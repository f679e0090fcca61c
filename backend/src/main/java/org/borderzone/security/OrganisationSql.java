package org.borderzone.security;

/** SQL of the organisation administration ({@link OrganisationAdminService}). */
final class OrganisationSql {

  private OrganisationSql() {}

  /** Serialises additions: the uniqueness of the code and of the joint body is checked under this lock. */
  static final String LOCK_TABLE = "lock table organisation in share row exclusive mode";

  /** One organisation as the audit trail and the API show it. */
  static final String JSON = """
      select json_build_object('code', code, 'name', name, 'nameKm', name_km, 'nameLo', name_lo, 'kind', kind,
               'country', country_iso, 'active', active, 'createdAt', created_at, 'createdBy', created_by)::text
      from organisation where code = :code
      """;

  /** One row as the registry reads it. */
  static final String ENTRY = """
      select code, name, name_km, name_lo, kind, country_iso, active from organisation where code = :code
      """;

  /** Locks one row for a change. */
  static final String LOCK_ONE = "select kind from organisation where code = :code for update";

  /** The code of the joint body, if any. */
  static final String JOINT_BODY = "select code from organisation where kind = 'JOINT'";

  static final String EXISTS = "select count(*) > 0 from organisation where code = :code";

  static final String INSERT = """
      insert into organisation (code, name, name_km, name_lo, kind, country_iso, active, created_at, created_by)
      values (:code, :name, :km, :lo, :kind, :country, true, now(), :by)
      """;

  /** Names and the active flag; null parameters keep the value (the code, kind and country never change). */
  static final String UPDATE = """
      update organisation set name = coalesce(:name, name), name_km = coalesce(:km, name_km),
        name_lo = coalesce(:lo, name_lo), active = coalesce(:active, active)
      where code = :code
      """;
}
