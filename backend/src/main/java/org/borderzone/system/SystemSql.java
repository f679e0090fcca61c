package org.borderzone.system;

/** SQL of the shared seams in {@code system} (organisations, statement timeouts). */
final class SystemSql {

  private SystemSql() {}

  /** All organisations, ordered by kind, then code. */
  static final String ORGANISATIONS = """
      select code, name, name_km, name_lo, kind, country_iso, active from organisation order by kind, code
      """;

  /** The countries of the reference border (their outlines), by code. */
  static final String BORDER_COUNTRIES = "select iso_a2 from country order by iso_a2";

  /** Raises {@code statement_timeout} for the current transaction only ({@code is_local = true}). */
  static final String LONG_WORK_TIMEOUT = "select set_config('statement_timeout', :ms, true)";

  /** Every layer version (V11), by name. */
  static final String LAYER_VERSIONS = "select layer, version from layer_version order by layer";

  /** One layer's version. */
  static final String LAYER_VERSION = "select version from layer_version where layer = :layer";
}
