package org.borderzone.incidents;

import java.util.regex.Pattern;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one place that decides which incidents a caller may see (DESIGN.md, "Releasability"): an incident is
 * visible when it is {@code SHARED} (both countries and the JBC see it) or when the caller belongs to its
 * owner organisation ({@code NATIONAL} incidents are seen only by their owner).
 *
 * <p>Every query that can reveal an incident, directly or in aggregate (lists, single reads, GeoJSON, tiles,
 * counts per segment, hotspot statistics, import reports...), puts {@link #PREDICATE} in its {@code where}
 * clause for the table alias {@code i} and binds the caller's organisation with {@link #bind}:
 *
 * <pre>{@code
 * // in the feature's *Sql class: a statement over "incident i" whose where clause holds PREDICATE
 * Releasability.bind(jdbc.sql(IncidentSql.COUNT_OF_TYPE).param("type", type), actor).query(Long.class).single();
 * }</pre>
 *
 * The predicate text is a constant; the organisation is always a bound parameter, never spliced into SQL.
 * The predicate is a fragment, not a statement: it stays here, and the statements that carry it live in their
 * feature's {@code *Sql} class.
 */
public final class Releasability {

  /** The named parameter that carries the caller's organisation code. */
  public static final String PARAM = "viewerOrg";

  /** Visibility of incident alias {@code i} to the organisation bound as {@code :viewerOrg}. */
  public static final String PREDICATE = "(i.releasability = 'SHARED' or i.owner_org = :" + PARAM + ")";

  private static final Pattern ALIAS = Pattern.compile("[a-z_][a-z0-9_]{0,30}");

  private Releasability() {}

  /**
   * The same predicate for another table alias (e.g. {@code "x"} when {@code i} is taken). The alias is an
   * SQL identifier chosen by server code, checked here; never pass request input.
   */
  public static String predicate(String alias) {
    if (!ALIAS.matcher(alias).matches()) {
      throw new IllegalArgumentException("not a plain SQL alias: " + alias);
    }
    return PREDICATE.replace("i.", alias + ".");
  }

  /** Binds the caller's organisation to {@code :viewerOrg}. */
  public static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Actor actor) {
    return spec.param(PARAM, viewerOrg(actor));
  }

  /** The organisation code the predicate compares with; never null (an actor without one sees SHARED only). */
  public static String viewerOrg(Actor actor) {
    return actor == null ? "" : actor.orgCode();
  }

  /** The same rule in Java, for values already read (e.g. checks in tests). */
  public static boolean visible(String ownerOrg, String releasability, Actor actor) {
    return "SHARED".equals(releasability) || (ownerOrg != null && ownerOrg.equals(viewerOrg(actor)));
  }
}
