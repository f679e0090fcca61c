package org.borderzone.incidents;

import java.util.regex.Pattern;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one place that decides which incidents a caller may see (DESIGN.md, "Releasability"; issue 12): an
 * incident is visible when it is {@code SHARED} (every organisation sees it), when the caller belongs to its owner
 * organisation, or when the owner released it to the caller's organisation by an open (not withdrawn)
 * {@code incident_release} row (V21, docs/EXCHANGE.md "Releases").
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
 * A release may withhold fields ({@link #WITHHELD_FIELDS}). Every statement that turns incident rows into output
 * (JSON, exports, OGC API items) reads them from {@link #SEEN} instead of {@code incident}: the same columns under
 * the same names, with what the caller's release withholds already null, so that no output path, filter or sort
 * can show (or test for) a withheld value. Aggregates over the rollup use {@link #ROLLUP} and
 * {@link #rollupPredicate}; rows that carry an incident's content but not its id (the audit trail) use
 * {@link #OWN_OR_SHARED}: a release never opens an incident's audit events.
 *
 * The predicate text is a constant; the organisation is always a bound parameter, never spliced into SQL.
 * The predicate is a fragment, not a statement: it stays here, and the statements that carry it live in their
 * feature's {@code *Sql} class.
 */
public final class Releasability {

  /** The named parameter that carries the caller's organisation code. */
  public static final String PARAM = "viewerOrg";

  /**
   * The fields a release may withhold (V21's check on {@code incident_release.withheld}): {@code reporter} is
   * {@code created_by} and every user name (photos' too), {@code location_detail} the fix of V18 (accuracy,
   * source, fix and device time).
   */
  public static final java.util.List<String> WITHHELD_FIELDS =
      java.util.List.of("description", "source", "reporter", "photos", "location_detail");

  /**
   * The rule for incident alias {@code %1$s}: SHARED, the owner, or an open release to the viewer. The release
   * test is an uncorrelated {@code in}: PostgreSQL runs it once per statement as a hashed subplan over
   * {@code incident_release_to_idx} (an index-only scan of the viewer's open releases) and probes it only for
   * the rows the first two tests leave (NATIONAL rows of other owners); docs/EXCHANGE.md has the figures.
   */
  private static final String RULE = "(%1$s.releasability = 'SHARED' or %1$s.owner_org = :" + PARAM
      + " or %1$s.id in (select rel.incident_id from incident_release rel where rel.to_org = :" + PARAM
      + " and rel.withdrawn_at is null))";

  /** Visibility of incident alias {@code i} to the organisation bound as {@code :viewerOrg}. */
  public static final String PREDICATE = RULE.formatted("i");

  /**
   * The rule without releases, for alias {@code i} over rows that are an incident's content without its id (the
   * audit trail's before/after images): SHARED or the owner. A recipient of a release sees the incident, never
   * its history.
   */
  public static final String OWN_OR_SHARED = "(i.releasability = 'SHARED' or i.owner_org = :" + PARAM + ")";

  /**
   * The incidents as the viewer bound as {@code :viewerOrg} may see them, to be used as {@code <SEEN> i} in
   * place of {@code incident i} (with {@link #PREDICATE} in the where clause, as before): every column a reader
   * gets, under its own name, with what the viewer's open release withholds set to null, and three columns of the
   * release itself: {@code withheld} (text[], empty when whole or not released), {@code released_by} (the owner
   * organisation that released it to the viewer, null when not) and {@code released_at}. A plain subquery with a
   * left join, so PostgreSQL flattens it into the outer statement: the outer filters still use the incident
   * indexes, the join is one probe of {@code incident_release_open_uq} for the NATIONAL rows of other owners, and
   * a column nobody selects is never computed.
   */
  public static final String SEEN = """
      (select i.id, i.public_id, i.occurred_at, i.reported_at, i.geom, i.utm, i.type, i.severity, i.status,
              case when 'description' = any(rel.withheld) then null else i.description end as description,
              case when 'source' = any(rel.withheld) then null else i.source end as source,
              i.owner_org, i.releasability, i.nearest_segment_id, i.distance_to_border_m, i.side,
              i.in_disputed_area,
              case when 'reporter' = any(rel.withheld) then null else i.created_by end as created_by,
              i.version,
              case when 'location_detail' = any(rel.withheld) then null else i.location_accuracy_m end
                as location_accuracy_m,
              case when 'location_detail' = any(rel.withheld) then null else i.location_source end as location_source,
              case when 'location_detail' = any(rel.withheld) then null else i.fix_time end as fix_time,
              case when 'location_detail' = any(rel.withheld) then null else i.device_time end as device_time,
              coalesce(rel.withheld, '{}'::text[]) as withheld, rel.released_org as released_by,
              rel.released_at
       from incident i
       left join incident_release rel on rel.incident_id = i.id and rel.to_org = :%s and rel.withdrawn_at is null
                                      and i.releasability = 'NATIONAL' and i.owner_org <> :%s)""".formatted(PARAM, PARAM);

  /**
   * The rollup (V13) as a reader sees it, to be used as {@code <ROLLUP> r} in place of {@code incident_rollup r}
   * with {@link #rollupPredicate}: its rows (to_org null) and one row per open release (V22's
   * {@code incident_rollup_released}, to_org = the recipient), so that a released incident counts for its
   * recipient exactly once and never twice for its owner.
   */
  public static final String ROLLUP = """
      (select day, cx, cy, hex1, hex2, type, status, owner_org, releasability, segment_id, dist_km, n,
              null::text as to_org
       from incident_rollup
       union all
       select day, cx, cy, hex1, hex2, type, status, owner_org, releasability, segment_id, dist_km, n, to_org
       from incident_rollup_released)""";

  private static final Pattern ALIAS = Pattern.compile("[a-z_][a-z0-9_]{0,30}");

  private Releasability() {}

  /**
   * The same predicate for another alias of table {@code incident} (e.g. {@code "x"} when {@code i} is taken).
   * The alias is an SQL identifier chosen by server code, checked here; never pass request input.
   */
  public static String predicate(String alias) {
    return RULE.formatted(alias(alias));
  }

  /** The predicate for an alias of {@link #ROLLUP}: rollup rows by owner and SHARED, release rows by recipient. */
  public static String rollupPredicate(String alias) {
    String a = alias(alias);
    return ("((%1$s.to_org is null and (%1$s.releasability = 'SHARED' or %1$s.owner_org = :" + PARAM + "))"
        + " or %1$s.to_org = :" + PARAM + ")").formatted(a);
  }

  private static String alias(String alias) {
    if (!ALIAS.matcher(alias).matches()) {
      throw new IllegalArgumentException("not a plain SQL alias: " + alias);
    }
    return alias;
  }

  /** Binds the caller's organisation to {@code :viewerOrg}. */
  public static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Actor actor) {
    return spec.param(PARAM, viewerOrg(actor));
  }

  /** The organisation code the predicate compares with; never null (an actor without one sees SHARED only). */
  public static String viewerOrg(Actor actor) {
    return actor == null ? "" : actor.orgCode();
  }

  /**
   * The rule without releases in Java, for values already read that name no single incident (an import event
   * of many rows: those were never released).
   */
  public static boolean visible(String ownerOrg, String releasability, Actor actor) {
    return "SHARED".equals(releasability) || (ownerOrg != null && ownerOrg.equals(viewerOrg(actor)));
  }
}
