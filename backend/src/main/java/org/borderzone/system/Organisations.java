package org.borderzone.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The registry of organisations, read from table {@code organisation} (DESIGN.md: organisations are data, so a
 * third party can be added by an administrator without a code change: docs/EXCHANGE.md "Organisations"). A
 * {@link Kind#COUNTRY} owns national data and may be a side of the border; the {@link Kind#JOINT} body (the JBC,
 * at most one) owns no country's data but takes part in all joint work.
 *
 * <p>The registry is per instance. The instance that changes the table calls {@link #reload()} after its commit;
 * every other instance reads the table again when its copy is older than {@code borderzone.organisations.ttl}
 * (default 30 s), so an organisation added on one instance is known on all within that time. A TTL rather than a
 * live event: organisations change a few times a year, the read is one small query, and it needs no listener.
 */
@Component
public class Organisations {

  /** What an organisation is. */
  public enum Kind { COUNTRY, JOINT }

  /**
   * One row of {@code organisation}: code, English name, Khmer and Lao names (null: the English one), kind, the
   * ISO 3166-1 code of a country (null for the joint body), whether it takes new users.
   */
  public record Entry(Organisation org, String name, String nameKm, String nameLo, Kind kind, String countryIso,
      boolean active) {

    /** The name in {@code lang} ({@code en}, {@code km}, {@code lo}), else the English one. */
    public String name(String lang) {
      String n = "km".equals(lang) ? nameKm : "lo".equals(lang) ? nameLo : null;
      return n == null ? name : n;
    }
  }

  /** One loaded copy of the table (and of the countries of the reference border). */
  private record Snapshot(Map<Organisation, Entry> entries, List<Entry> ordered, List<String> borderCountries,
      Instant loadedAt) {}

  private final JdbcClient jdbc;
  private final Duration ttl;
  private final Clock clock;
  private volatile Snapshot snapshot;

  @Autowired
  Organisations(JdbcClient jdbc, @Value("${borderzone.organisations.ttl:PT30S}") Duration ttl) {
    this(jdbc, ttl, Clock.systemUTC());
  }

  /** A registry with its own clock (tests of the TTL: a second instance over the same database). */
  Organisations(JdbcClient jdbc, Duration ttl, Clock clock) {
    this.jdbc = jdbc;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Reads the table again (after an organisation has been added or changed, or the border imported). */
  public void reload() {
    Map<Organisation, Entry> m = new LinkedHashMap<>();
    jdbc.sql(SystemSql.ORGANISATIONS)
        .query((rs, n) -> new Entry(Organisation.of(rs.getString("code")), rs.getString("name"),
            rs.getString("name_km"), rs.getString("name_lo"), Kind.valueOf(rs.getString("kind")),
            rs.getString("country_iso"), rs.getBoolean("active")))
        .list().forEach(e -> m.put(e.org(), e));
    List<String> countries = jdbc.sql(SystemSql.BORDER_COUNTRIES).query(String.class).list();
    snapshot = new Snapshot(Map.copyOf(m), List.copyOf(m.values()), List.copyOf(countries), clock.instant());
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    if (s == null || s.loadedAt().plus(ttl).isBefore(clock.instant())) {
      synchronized (this) {
        if (snapshot == s) {
          reload();
        }
      }
      s = snapshot;
    }
    return s;
  }

  /** Every organisation, countries first, then by code (inactive ones included: old rows name them). */
  public List<Entry> all() {
    return current().ordered();
  }

  /** The row of {@code o}, if it exists. */
  public Optional<Entry> entry(Organisation o) {
    return o == null ? Optional.empty() : Optional.ofNullable(current().entries().get(o));
  }

  /** The organisation with this exact code, if it exists. */
  public Optional<Organisation> find(String code) {
    if (code == null) {
      return Optional.empty();
    }
    return current().entries().keySet().stream().filter(o -> o.code().equals(code)).findFirst();
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

  /** The known codes, for messages and the OGC queryables, e.g. {@code KH, LA, JBC}. */
  public String codes() {
    return String.join(", ", codeList());
  }

  /** The known codes, in {@link #all()} order. */
  public List<String> codeList() {
    return all().stream().map(e -> e.org().code()).toList();
  }

  /**
   * The ISO codes of the countries of the reference border (table {@code country}: the outlines the border is
   * cut between), e.g. the values of an incident's {@code side}. Empty before the border is imported.
   */
  public List<String> borderCountries() {
    return current().borderCountries();
  }

  /** A country: owns national data, may be a side of the border. */
  public boolean isCountry(Organisation o) {
    return entry(o).map(e -> e.kind() == Kind.COUNTRY).orElse(false);
  }

  /** The joint body (the JBC): part of all joint work, owner of no country's data. */
  public boolean isJointBody(Organisation o) {
    return entry(o).map(e -> e.kind() == Kind.JOINT).orElse(false);
  }

  /** The joint body, if there is one (there is at most one: V26). */
  public Optional<Organisation> jointBody() {
    return all().stream().filter(e -> e.kind() == Kind.JOINT).map(Entry::org).findFirst();
  }
}
