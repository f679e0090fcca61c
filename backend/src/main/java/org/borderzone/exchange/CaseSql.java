package org.borderzone.exchange;

import org.borderzone.incidents.Releasability;

/**
 * SQL of the joint cases (docs/EXCHANGE.md "Joint cases", tables of V21). Every statement that shows an
 * incident carries the releasability predicate for the reader ({@code :viewerOrg}); every statement that shows
 * a case requires the reader's organisation among its parties ({@link #PARTY}).
 */
final class CaseSql {

  private CaseSql() {}

  /** The reader ({@code :viewerOrg}) is a party of case alias {@code c}. */
  static final String PARTY = "cast(:" + Releasability.PARAM + " as text) = any(c.parties)";

  /** A compact incident (alias {@code i}): what a case shows of it, never its texts. */
  private static final String INCIDENT = """
      json_build_object('id', %1$s.public_id, 'type', %1$s.type, 'occurredAt', %1$s.occurred_at,
                        'ownerOrg', %1$s.owner_org, 'severity', %1$s.severity, 'status', %1$s.status,
                        'lon', round(st_x(%1$s.geom)::numeric, 7), 'lat', round(st_y(%1$s.geom)::numeric, 7))
      """;

  private static String incident(String alias) {
    return INCIDENT.formatted(alias);
  }

  /**
   * Candidate pairs: an incident of the reader's organisation ({@code a}) and one of another organisation
   * ({@code b}) within {@code :withinM} metres (geodesic, on the WGS 84 spheroid) and {@code :hours} hours of
   * each other, both visible to the reader, not already linked by one case. The pair search uses the spatial
   * index on {@code geom} (EPSG:4326) with a degree box around {@code a} that holds every point within
   * {@code :withinM} (a degree of latitude is at least 110,574 m, one of longitude 111,320 m × cos φ at the
   * box's far edge; 1 % margin), then the exact distance on the geography. Score in [0, 1]: closeness in space
   * and in time (each 0–1, 1 for the same place or time) and half a point for the same type, over 2.5.
   */
  static final String CANDIDATES = """
      select coalesce(json_agg(q.j order by q.score desc, q.d, q.gap, q.ap, q.bp), '[]'::json)::text from (
      select json_build_object('a', %1$s, 'b', %2$s,
                               'distanceM', round(p.d::numeric, 1), 'gapHours', round(p.gap::numeric, 2),
                               'sameType', a.type = b.type, 'score', round(p.score::numeric, 4)) as j,
             p.score, p.d, p.gap, a.public_id as ap, b.public_id as bp
      from (
        select a.id as aid, b.id as bid, x.d, x.gap,
               ((1 - x.d / :withinM) + (1 - x.gap / :hours) + case when a.type = b.type then 0.5 else 0 end) / 2.5
                 as score
        from incident a
        join incident b
          on b.geom && st_expand(a.geom, 1.01 * :withinM
                 / least(110574.0, 111320.0 * cos(radians(least(abs(st_y(a.geom)) + 1.0, 89.0)))))
         and b.occurred_at >= a.occurred_at - cast(:hours as float8) * interval '1 hour'
         and b.occurred_at <= a.occurred_at + cast(:hours as float8) * interval '1 hour'
         and b.owner_org <> a.owner_org
         and st_dwithin(a.geom::geography, b.geom::geography, :withinM)
        cross join lateral (
          select st_distance(a.geom::geography, b.geom::geography) as d,
                 abs(extract(epoch from (a.occurred_at - b.occurred_at))) / 3600.0 as gap) x
        where a.owner_org = :%3$s
          and a.occurred_at >= :from and a.occurred_at < :to
          and (cast(:type as text) is null or a.type = :type)
          and %4$s and %5$s
          and not exists (select 1 from joint_case_incident ca
                          join joint_case_incident cb on cb.case_id = ca.case_id
                          where ca.incident_id = a.id and cb.incident_id = b.id)
      ) p
      join incident a on a.id = p.aid
      join incident b on b.id = p.bid
      order by p.score desc, p.d, p.gap, a.public_id, b.public_id
      limit :limit
      ) q
      """.formatted(incident("a"), incident("b"), Releasability.PARAM, Releasability.predicate("a"),
      Releasability.predicate("b"));

  /** The incidents of {@code :ids} (public ids) the caller may see: internal id, public id, owner. */
  static final String VISIBLE_BY_PUBLIC_ID = """
      select i.id, i.public_id, i.owner_org from incident i where i.public_id in (:ids) and %s
      """.formatted(Releasability.PREDICATE);

  /** Of the incidents {@code :ids} (internal ids), the public ids {@code :viewerOrg} may NOT see. */
  static final String NOT_VISIBLE_TO = """
      select i.public_id from incident i where i.id in (:ids) and not coalesce(%s, false)
      """.formatted(Releasability.PREDICATE);

  static final String INSERT_CASE = """
      insert into joint_case (title, kind, parties, proposed_by, proposed_org)
      values (:title, :kind, string_to_array(:parties, ','), :user, :org)
      returning id
      """;

  static final String INSERT_INCIDENT = """
      insert into joint_case_incident (case_id, incident_id, added_by, added_org)
      values (:caseId, :incidentId, :user, :org)
      on conflict do nothing
      """;

  static final String INSERT_DECISION = """
      insert into joint_case_confirmation (case_id, org_code, decision, by_user, note)
      values (:caseId, :org, :decision, :user, :note)
      """;

  /** The case row, locked for a state move; a plain read when nobody writes. */
  static final String LOCK = """
      select c.id, c.public_id, c.state, c.parties, c.proposed_org from joint_case c where c.public_id = :id
      for update
      """;

  static final String DECISION_OF = """
      select decision from joint_case_confirmation where case_id = :caseId and org_code = :org and lapsed_at is null
      """;

  /** The confirmations of the parties other than {@code :org} lapse (V27: incidents were added to a PROPOSED case). */
  static final String LAPSE_OTHERS = """
      update joint_case_confirmation set lapsed_at = now(), lapsed_by = :user
      where case_id = :caseId and org_code <> :org and decision = 'CONFIRMED' and lapsed_at is null
      """;

  static final String CONFIRMED_COUNT = """
      select count(*) from joint_case_confirmation
      where case_id = :caseId and decision = 'CONFIRMED' and lapsed_at is null
      """;

  static final String OPEN = """
      update joint_case set state = 'OPEN', opened_at = now(), version = version + 1
      where id = :caseId and state = 'PROPOSED'
      """;

  static final String REJECT = """
      update joint_case set state = 'REJECTED', version = version + 1 where id = :caseId and state = 'PROPOSED'
      """;

  static final String CLOSE = """
      update joint_case set state = 'CLOSED', closed_by = :user, closed_at = now(), closed_reason = :reason,
                            version = version + 1
      where id = :caseId and state = 'OPEN'
      """;

  static final String PUBLIC_ID = "select public_id from joint_case where id = :caseId";

  /** The internal ids of a case's incidents. */
  static final String INCIDENT_IDS = "select incident_id from joint_case_incident where case_id = :caseId";

  /** The case as the audit trail records it: the row (no internal id), its incidents and decisions. */
  static final String AUDIT_JSON = """
      select (to_jsonb(c) - 'id'
              || jsonb_build_object(
                   'incidents', (select coalesce(jsonb_agg(i.public_id order by i.occurred_at, i.id), '[]'::jsonb)
                                 from joint_case_incident ci join incident i on i.id = ci.incident_id
                                 where ci.case_id = c.id),
                   'decisions', (select coalesce(jsonb_object_agg(d.org_code, d.decision), '{}'::jsonb)
                                 from joint_case_confirmation d where d.case_id = c.id and d.lapsed_at is null),
                   'lapsed', (select coalesce(jsonb_agg(jsonb_build_object('org', d.org_code, 'at', d.lapsed_at,
                                                                           'by', d.lapsed_by)
                                                        order by d.lapsed_at, d.org_code), '[]'::jsonb)
                              from joint_case_confirmation d where d.case_id = c.id and d.lapsed_at is not null)
                 ))::text
      from joint_case c where c.id = :caseId
      """;

  /** One case summary (alias {@code c}) for the reader: with the decisions and who is still to decide. */
  private static final String SUMMARY = """
      json_build_object(
        'id', c.public_id, 'title', c.title, 'kind', c.kind, 'state', c.state, 'parties', c.parties,
        'proposedBy', c.proposed_by, 'proposedOrg', c.proposed_org, 'proposedAt', c.proposed_at,
        'openedAt', c.opened_at, 'closedAt', c.closed_at, 'closedBy', c.closed_by, 'closedReason', c.closed_reason,
        'version', c.version,
        'incidentCount', (select count(*) from joint_case_incident ci join incident i on i.id = ci.incident_id
                          where ci.case_id = c.id and %1$s),
        'awaiting', (select coalesce(json_agg(p order by p), '[]'::json) from unnest(c.parties) p
                     where not exists (select 1 from joint_case_confirmation d
                                       where d.case_id = c.id and d.org_code = p and d.lapsed_at is null)),
        'decisions', (select coalesce(json_agg(json_build_object('org', d.org_code, 'decision', d.decision,
                                                                 'by', d.by_user, 'at', d.at, 'note', d.note)
                                               order by d.at, d.org_code), '[]'::json)
                      from joint_case_confirmation d where d.case_id = c.id and d.lapsed_at is null))
      """.formatted(Releasability.PREDICATE);

  static final String COUNT = """
      select count(*) from joint_case c where %s and (cast(:state as text) is null or c.state = :state)
      """.formatted(PARTY);

  static final String LIST = """
      select coalesce(json_agg(x.j order by x.proposed_at desc, x.id desc), '[]'::json)::text from (
        select c.id, c.proposed_at, %s as j
        from joint_case c
        where %s and (cast(:state as text) is null or c.state = :state)
        order by c.proposed_at desc, c.id desc
        limit :limit offset :offset
      ) x
      """.formatted(SUMMARY, PARTY);

  /**
   * One case for the reader: the summary, its incidents (through releasability: by construction every party sees
   * them all, and a withdrawn release hides one again) and its timeline: the incidents by time, the proposal,
   * each decision (the proposer's implicit one is the proposal), incidents added later and the confirmations that
   * lapsed with them (V27), the opening, the closing,
   * and the liaison messages that attach one of its incidents and that the reader's organisation sent or received.
   * Follows {@link #VIS}; the arguments are the summary, the incident JSON, the parameter and the party rule.
   */
  private static final String DETAIL = """
      select (%1$s::jsonb || jsonb_build_object(
        'incidents', (select coalesce(jsonb_agg(%2$s::jsonb || jsonb_build_object('addedBy', i.added_by,
                                      'addedOrg', i.added_org, 'addedAt', i.added_at)
                                      order by i.occurred_at, i.id), '[]'::jsonb) from vis i),
        'timeline', (select coalesce(jsonb_agg(t.e order by t.at, t.seq), '[]'::jsonb) from (
            select i.occurred_at as at, 1 as seq,
                   jsonb_build_object('at', i.occurred_at, 'event', 'incident', 'org', i.owner_org,
                                      'incident', i.public_id, 'type', i.type) as e
            from vis i
            union all
            select c.proposed_at, 2, jsonb_build_object('at', c.proposed_at, 'event', 'proposed',
                                                        'org', c.proposed_org, 'by', c.proposed_by)
            union all
            select d.at, 3, jsonb_build_object('at', d.at, 'event', lower(d.decision), 'org', d.org_code,
                                               'by', d.by_user, 'note', d.note)
            from joint_case_confirmation d
            where d.case_id = c.id
              and not (d.org_code = c.proposed_org and d.decision = 'CONFIRMED' and d.at = c.proposed_at)
            union all
            select d.lapsed_at, 5, jsonb_build_object('at', d.lapsed_at, 'event', 'lapsed', 'org', d.org_code,
                                                      'by', d.lapsed_by)
            from joint_case_confirmation d
            where d.case_id = c.id and d.lapsed_at is not null
            union all
            select i.added_at, 4, jsonb_build_object('at', i.added_at, 'event', 'incident-added', 'org', i.added_org,
                                                     'by', i.added_by, 'incident', i.public_id)
            from vis i where i.added_at > c.proposed_at
            union all
            select c.opened_at, 6, jsonb_build_object('at', c.opened_at, 'event', 'opened')
            where c.opened_at is not null
            union all
            select c.closed_at, 7, jsonb_build_object('at', c.closed_at, 'event', 'closed', 'by', c.closed_by,
                                                      'reason', c.closed_reason)
            where c.closed_at is not null
            union all
            select m.sent_at, 8, jsonb_build_object('at', m.sent_at, 'event', 'message', 'message', m.public_id,
                                                    'messageKind', m.kind, 'precedence', m.precedence,
                                                    'fromOrg', m.from_org, 'toOrg', m.to_org, 'state', m.state,
                                                    'subject', th.subject)
            from liaison_message m join liaison_thread th on th.id = m.thread_id
            where (m.from_org = :%3$s or m.to_org = :%3$s)
              and exists (select 1 from liaison_attachment la join vis i on la.ref_id = i.public_id::text
                          where la.message_id = m.id and la.ref_kind = 'incident')
          ) t)))::text
      from joint_case c
      where c.public_id = :id and %4$s
      """;

  /** The case's visible incidents as the CTE {@code vis} of {@link #DETAIL} and {@link #GEOJSON}. */
  private static final String VIS = """
      with vis as (
        select i.*, ci.added_by, ci.added_org, ci.added_at
        from joint_case c0
        join joint_case_incident ci on ci.case_id = c0.id
        join incident i on i.id = ci.incident_id
        where c0.public_id = :id and %s
      )
      """.formatted(Releasability.PREDICATE);

  static final String ONE_CASE = VIS + DETAIL.formatted(SUMMARY, "(" + incident("i") + ")",
      Releasability.PARAM, PARTY);

  /**
   * The case as GeoJSON: each visible incident a Point (in time order, {@code order} from 1) and, with two or
   * more, a LineString joining them in time order ({@code role: track}).
   */
  static final String GEOJSON = VIS + """
      select json_build_object('type', 'FeatureCollection',
        'id', c.public_id, 'title', c.title, 'state', c.state,
        'features', (select coalesce(json_agg(f.j order by f.o), '[]'::json) from (
            select row_number() over (order by i.occurred_at, i.id) as o,
                   json_build_object('type', 'Feature', 'id', i.public_id,
                     'geometry', st_asgeojson(i.geom, 7)::json,
                     'properties', json_build_object('role', 'incident', 'id', i.public_id, 'type', i.type,
                       'occurredAt', i.occurred_at, 'ownerOrg', i.owner_org,
                       'order', row_number() over (order by i.occurred_at, i.id))) as j
            from vis i
            union all
            select 1000000, json_build_object('type', 'Feature', 'id', 'track',
                     'geometry', st_asgeojson(st_makeline(array_agg(i.geom order by i.occurred_at, i.id)), 7)::json,
                     'properties', json_build_object('role', 'track', 'points', count(*)))
            from vis i having count(*) >= 2
          ) f))::text
      from joint_case c
      where c.public_id = :id and %s
      """.formatted(PARTY);

  /**
   * The reader's case figures in a window ({@code :from}/{@code :to}, each optional): proposed, opened, closed and
   * rejected in it (by the V21 columns: {@code proposed_at}, {@code opened_at}, {@code closed_at}, the rejecting
   * decision's time), open now, and the medians in days from proposal to opening and from opening to closing
   * (over the cases opened, resp. closed, in the window).
   */
  static final String STATS = """
      with cs as (
        select c.*, (select min(d.at) from joint_case_confirmation d
                     where d.case_id = c.id and d.decision = 'REJECTED') as rejected_at
        from joint_case c where %1$s
      ), w as (
        select cs.*,
               (cast(:from as timestamptz) is null or cs.proposed_at >= :from)
                 and (cast(:to as timestamptz) is null or cs.proposed_at < :to) as p_in,
               cs.opened_at is not null and (cast(:from as timestamptz) is null or cs.opened_at >= :from)
                 and (cast(:to as timestamptz) is null or cs.opened_at < :to) as o_in,
               cs.closed_at is not null and (cast(:from as timestamptz) is null or cs.closed_at >= :from)
                 and (cast(:to as timestamptz) is null or cs.closed_at < :to) as c_in,
               cs.rejected_at is not null and (cast(:from as timestamptz) is null or cs.rejected_at >= :from)
                 and (cast(:to as timestamptz) is null or cs.rejected_at < :to) as r_in
        from cs
      )
      select json_build_object(
        'proposed', count(*) filter (where p_in),
        'opened', count(*) filter (where o_in),
        'closed', count(*) filter (where c_in),
        'rejected', count(*) filter (where r_in),
        'openNow', count(*) filter (where state = 'OPEN'),
        'medianDaysToConfirm', round(cast(percentile_cont(0.5) within group
            (order by extract(epoch from opened_at - proposed_at) / 86400.0) filter (where o_in) as numeric), 2),
        'medianDaysOpenToClosed', round(cast(percentile_cont(0.5) within group
            (order by extract(epoch from closed_at - opened_at) / 86400.0) filter (where c_in) as numeric), 2),
        'byKind', (select coalesce(json_agg(json_build_object('kind', k.kind, 'proposed', k.p, 'opened', k.o,
                                                              'closed', k.c, 'rejected', k.r) order by k.kind),
                                   '[]'::json)
                   from (select kind, count(*) filter (where p_in) p, count(*) filter (where o_in) o,
                                count(*) filter (where c_in) c, count(*) filter (where r_in) r
                         from w group by kind) k))::text
      from w
      """.formatted(PARTY);

  /** Case events (live): the public ids of {@code :ids} whose parties include {@code :viewerOrg}. */
  static final String VISIBLE_CASES = """
      select c.public_id::text from joint_case c where c.public_id in (:ids) and %s
      """.formatted(PARTY);
}
