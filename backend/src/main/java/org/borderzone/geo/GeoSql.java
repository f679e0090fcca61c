package org.borderzone.geo;

/** SQL run on uploaded files (SQLite, through NGA's GeoPackage connection), never on PostgreSQL. */
final class GeoSql {

  private GeoSql() {}

  /**
   * The file's own schema is untrusted: SQL functions in its views, triggers and generated columns do not run
   * (SQLite 3.31+, {@code PRAGMA trusted_schema}).
   */
  static final String SQLITE_UNTRUSTED_SCHEMA = "PRAGMA trusted_schema = OFF";
}
