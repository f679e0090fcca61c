package org.borderzone.exchange;

import org.borderzone.incidents.Releasability;

/**
 * SQL of the explicit releases (V21 {@code incident_release}, V22; docs/EXCHANGE.md "Releases"). A release is
 * shown to its two parties only: the organisation that released it ({@code released_org}, the incident's owner)
 * and the one it was released to ({@code to_org}); the recipient never learns whom else the owner released to.
 */
final class ReleaseSql {

  private ReleaseSql() {}

  /** The incident to release (by public id), locked, only if the caller may read it (else 404). */
  static final String LOCK_INCIDENT = "select i.id, i.owner_org, i.releasability from incident i"
      + " where i.public_id = :publicId and " + Releasability.PREDICATE + " for update";

  /** The parties among {@code :orgs} that already hold an open release of the incident. */
  static final String OPEN_TO = """
      select to_org from incident_release
      where incident_id = :incidentId and withdrawn_at is null and to_org in (:orgs) order by to_org
      """;

  static final String INSERT = """
      insert into incident_release (incident_id, to_org, withheld, reason, released_by, released_org)
      values (:incidentId, :toOrg, cast(string_to_array(:withheld, ',') as text[]), :reason, :user, :org)
      returning public_id
      """;

  /** One release as JSON, with its incident's public id (columns of alias {@code x}, incident {@code i}). */
  private static final String ENTRY = """
      json_build_object('id', x.public_id, 'incident', i.public_id, 'to', x.to_org, 'releasedOrg', x.released_org,
        'releasedBy', x.released_by, 'releasedAt', x.released_at, 'withheld', x.withheld, 'reason', x.reason,
        'state', case when x.withdrawn_at is null then 'OPEN' else 'WITHDRAWN' end,
        'withdrawnBy', x.withdrawn_by, 'withdrawnAt', x.withdrawn_at, 'withdrawnReason', x.withdrawn_reason)
      """;

  /** Who may see release {@code x}: its two parties. */
  private static final String PARTY = "(x.released_org = :viewerOrg or x.to_org = :viewerOrg)";

  /** One release by public id, for its parties only. */
  static final String ONE = "select (" + ENTRY + ")::text from incident_release x join incident i on i.id = x.incident_id"
      + " where x.public_id = :id and " + PARTY;

  /** The audit image of a release: ids, parties, withheld list, reasons and times; never the incident's content. */
  static final String AUDIT_JSON_BY_ID = "select (" + ENTRY + ")::text from incident_release x join incident i"
      + " on i.id = x.incident_id where x.public_id = :id";

  /** Releases made by or to the caller's organisation, newest first, one page. */
  static final String PAGE = "select coalesce(json_agg(e order by at desc, id desc), '[]'::json)::text from ("
      + " select (" + ENTRY + ") as e, x.released_at as at, x.id from incident_release x"
      + " join incident i on i.id = x.incident_id where " + PARTY
      + " order by x.released_at desc, x.id desc limit :size offset :offset) p";

  /** A page answer {@code {total, page, size, items}} around the items (JSON array text). */
  static final String PAGE_JSON = "select json_build_object('total', cast(:total as bigint), 'page', cast(:page as int),"
      + " 'size', cast(:size as int), 'items', cast(:items as json))::text";

  /** The releases of {@code :ids} (just made) as a JSON array, by party. */
  static final String BY_IDS = "select coalesce(json_agg((" + ENTRY + ") order by x.to_org), '[]'::json)::text"
      + " from incident_release x join incident i on i.id = x.incident_id where x.public_id in (:ids)";

  static final String COUNT = "select count(*) from incident_release x where " + PARTY;

  /**
   * The releases of one incident the caller may read: all for the owner, the caller's own for a recipient. The
   * incident must be visible ({@link Releasability#PREDICATE}), else no rows and a 404.
   */
  static final String OF_INCIDENT = "select coalesce(json_agg((" + ENTRY + ") order by x.released_at, x.id)"
      + " filter (where x.id is not null), '[]'::json)::text"
      + " from incident i left join incident_release x on x.incident_id = i.id"
      + " and (i.owner_org = :viewerOrg or x.to_org = :viewerOrg)"
      + " where i.public_id = :publicId and " + Releasability.PREDICATE + " group by i.id";

  /** A release locked for withdrawal, for its parties only (else 404). */
  static final String LOCK = "select x.id, x.released_org, x.withdrawn_at is not null from incident_release x"
      + " where x.public_id = :id and " + PARTY + " for update";

  static final String WITHDRAW = """
      update incident_release set withdrawn_by = :user, withdrawn_at = now(), withdrawn_reason = :reason
      where id = :rowId and withdrawn_at is null
      """;
}
