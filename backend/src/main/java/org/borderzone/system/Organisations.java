package org.borderzone.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The registry of organisations, read from table {@code organisation} (DESIGN.md: organisations are data, so a
 * third party can be added without a code change). A {@link Kind#COUNTRY} owns national data and is a side of
 * the border; the {@link Kind#JOINT} body (the JBC) owns no country's data but takes part in all joint work.
 * Loaded on first use and kept; {@link #reload()} after the table changes.
 */
@Component
public class Organisations {

  /** What an organisation is. */
  public enum Kind { COUNTRY, JOINT }

  /** One row of {@code organisation}. */
  public record Entry(Organisation org, String name, Kind kind) {}

  private final JdbcClient jdbc;
  private volatile Map<Organisation, Entry> entries;

  Organisations(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Reads the table again (after an organisation has been added). */
  public void reload() {
    Map<Organisation, Entry> m = new LinkedHashMap<>();
    jdbc.sql(SystemSql.ORGANISATIONS)
        .query((rs, n) -> new Entry(Organisation.of(rs.getString("code")), rs.getString("name"),
            Kind.valueOf(rs.getString("kind"))))
        .list().forEach(e -> m.put(e.org(), e));
    entries = Map.copyOf(m);
    ordered = List.copyOf(m.values());
  }

  private volatile List<Entry> ordered;

  private Map<Organisation, Entry> entries() {
    if (entries == null) {
      synchronized (this) {
        if (entries == null) {
          reload();
        }
      }
    }
    return entries;
  }

  /** Every organisation, countries first, then by code. */
  public List<Entry> all() {
    entries();
    return ordered;
  }

  /** The organisation with this exact code, if it exists. */
  public Optional<Organisation> find(String code) {
    if (code == null) {
      return Optional.empty();
    }
    return entries().keySet().stream().filter(o -> o.code().equals(code)).findFirst();
  }

  /**
   * A request value (trimmed, case-insensitive) as a known organisation, or a 400 naming {@code field} and the
   * known codes ({@code error.required} when blank).
   */
  public Organisation parse(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.badField(field, "error.required");
    }
    return find(value.strip().toUpperCase(Locale.ROOT))
        .orElseThrow(() -> ApiException.badField(field, "error.unknown-value", value, codes()));
  }

  /** The known codes for messages, e.g. {@code KH, LA, JBC}. */
  public String codes() {
    return String.join(", ", all().stream().map(e -> e.org().code()).toList());
  }

  /** A country: owns national data, a side of the border. */
  public boolean isCountry(Organisation o) {
    Entry e = o == null ? null : entries().get(o);
    return e != null && e.kind() == Kind.COUNTRY;
  }

  /** The joint body (the JBC): part of all joint work, owner of no country's data. */
  public boolean isJointBody(Organisation o) {
    Entry e = o == null ? null : entries().get(o);
    return e != null && e.kind() == Kind.JOINT;
  }
}
