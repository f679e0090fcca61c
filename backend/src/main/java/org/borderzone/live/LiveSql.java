package org.borderzone.live;

import org.borderzone.incidents.Releasability;

/** SQL of the live updates (table {@code event}, V20; docs/LIVE.md). */
final class LiveSql {

  private LiveSql() {}

  /** The columns {@link LiveEvent#read} expects, in its order. */
  private static final String COLUMNS =
      "e.id, e.kind, e.entity_id, e.action, e.layers, e.originator, e.releasability";

  /** Subscribes the listener's connection to the channel the V20 triggers notify. */
  static final String LISTEN = "listen bz_events";

  /** The backend process of the listener's connection (health, and the test that terminates it). */
  static final String BACKEND_PID = "select pg_backend_pid()";

  /** A round trip on the listener's idle connection, so that a dead link is noticed. */
  static final String PING = "select 1";

  /** The events of the notified ids (JDBC: one bigint[] parameter). */
  static final String BY_IDS = "select " + COLUMNS + " from event e where e.id = any(?) order by e.id";

  /** Events after an id, oldest first, at most n (JDBC: after, n). */
  static final String AFTER_JDBC = "select " + COLUMNS + " from event e where e.id > ? order by e.id limit ?";

  /** The same for the stream's replay (named parameters). */
  static final String AFTER = "select " + COLUMNS + " from event e where e.id > :after order by e.id limit :n";

  /** The newest id (0 for none), on the listener's connection. */
  static final String MAX_ID_JDBC = "select coalesce(max(id), 0) from event";

  /** The oldest and newest id (0, 0 for none). */
  static final String BOUNDS = "select coalesce(min(id), 0) as lo, coalesce(max(id), 0) as hi from event";

  /** Which of these incidents (public ids) the reader's organisation may see: the one predicate. */
  static final String VISIBLE_INCIDENTS = "select i.public_id::text from incident i where i.public_id in (:ids) and "
      + Releasability.PREDICATE;

  /** Which of these releases (public ids) concern the reader's organisation: its two parties. */
  static final String VISIBLE_RELEASES = "select x.public_id::text from incident_release x where x.public_id in (:ids)"
      + " and (x.released_org = :" + Releasability.PARAM + " or x.to_org = :" + Releasability.PARAM + ")";

  /** Retention: events older than the retention, and all but the newest :keep. */
  static final String CLEANUP = """
      delete from event
      where created_at < now() - make_interval(secs => :seconds)
         or id <= (select max(id) from event) - :keep
      """;
}
