package org.borderzone.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.function.ToDoubleFunction;
import org.borderzone.system.Actor;
import org.borderzone.system.Organisation;
import org.borderzone.system.Role;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reusable releasability test (issue 3, item 4): a {@code NATIONAL} incident of {@code KH} must never reach an
 * {@code LA} caller, by any path, directly or in aggregate. Every path that can reveal incidents gets the same
 * two checks:
 * <ul>
 *   <li>{@link #assertHiddenFromLa}: the planted incident's unique marker (in its description and source)
 *       appears in the KH answer (a control: the path does show it) and never in the LA answer;</li>
 *   <li>{@link #assertAggregateBlind}: a number the path reports (a count, a rate, a z-score) does not move
 *       for LA when NATIONAL KH incidents are added, while it does move for KH.</li>
 * </ul>
 * {@link Fetch} says how to ask a path as a given actor: in-process calls today, HTTP with a logged-in user
 * once authentication exists.
 */
public final class LeakCheck {

  public static final Actor KH = new Actor("kh-leakcheck", Organisation.of("KH"), Role.PLANNER);
  public static final Actor LA = new Actor("la-leakcheck", Organisation.of("LA"), Role.PLANNER);
  /** The third party (IntegrationTest#ensureThirdParty must have run). */
  public static final Actor VN = new Actor("vn-leakcheck", Organisation.of("VN"), Role.PLANNER);

  private LeakCheck() {}

  /** Asks {@code path} as {@code actor} and returns the response body. */
  @FunctionalInterface
  public interface Fetch {
    String get(Actor actor, String path);
  }

  /** A planted incident: its public id (the {@code id} of the API) and the unique marker in its texts. */
  public record Planted(UUID id, String marker) {}

  /**
   * Inserts one incident of {@code owner} with {@code releasability} at [lon, lat] (EPSG:4326), occurred at
   * {@code occurredAt} (ISO 8601), type {@code type}, directly in SQL (the location trigger still runs).
   */
  public static Planted plant(JdbcClient jdbc, String owner, String releasability, double lon, double lat,
      String occurredAt, String type) {
    String marker = "LEAKCHECK-" + UUID.randomUUID();
    UUID id = jdbc.sql("""
        insert into incident (occurred_at, geom, type, severity, owner_org, releasability, description, source,
                              created_by)
        values (cast(:at as timestamptz), st_setsrid(st_makepoint(:lon, :lat), 4326), :type, 3, :owner,
                :rel, :marker, :marker, 'leakcheck')
        returning public_id
        """).param("at", occurredAt).param("lon", lon).param("lat", lat).param("type", type)
        .param("owner", owner).param("rel", releasability).param("marker", marker)
        .query(UUID.class).single();
    return new Planted(id, marker);
  }

  /** A NATIONAL KH incident. */
  public static Planted plantNationalKh(JdbcClient jdbc, double lon, double lat, String occurredAt, String type) {
    return plant(jdbc, "KH", "NATIONAL", lon, lat, occurredAt, type);
  }

  /** The planted incident shows for KH on {@code path} and never for LA. */
  public static void assertHiddenFromLa(Fetch fetch, String path, Planted planted) {
    // Booleans, not the bodies: a failure names the path without dumping megabytes of GeoJSON.
    assertThat(fetch.get(KH, path).contains(planted.marker()))
        .as("KH (owner) sees the planted incident %s on %s", planted.marker(), path).isTrue();
    assertThat(fetch.get(LA, path).contains(planted.marker()))
        .as("LA must not see the NATIONAL KH incident %s on %s", planted.marker(), path).isFalse();
  }

  /**
   * A number read from {@code path} by {@code metric} does not change for LA when {@code plant} adds NATIONAL
   * KH incidents, and does change for KH (so the check is not vacuous).
   */
  public static void assertAggregateBlind(Fetch fetch, String path, ToDoubleFunction<String> metric, Runnable plant) {
    double laBefore = metric.applyAsDouble(fetch.get(LA, path));
    double khBefore = metric.applyAsDouble(fetch.get(KH, path));
    plant.run();
    double laAfter = metric.applyAsDouble(fetch.get(LA, path));
    double khAfter = metric.applyAsDouble(fetch.get(KH, path));
    assertThat(khAfter).as("KH sees its new NATIONAL incidents in the aggregate of %s", path).isNotEqualTo(khBefore);
    assertThat(laAfter).as("LA's aggregate of %s must not move with NATIONAL KH incidents", path).isEqualTo(laBefore);
  }

  // ------------------------------------------------------------------ explicit releases (issue 12, item 2)

  /**
   * Releases {@code planted} (of {@code owner}) to {@code to} with {@code withheld} fields, directly in SQL (as
   * {@code POST /api/releases} stores it); the release's public id.
   */
  public static UUID release(JdbcClient jdbc, Planted planted, String owner, String to, String... withheld) {
    return jdbc.sql("""
        insert into incident_release (incident_id, to_org, withheld, reason, released_by, released_org)
        select i.id, :to, string_to_array(:withheld, ','), 'leakcheck', 'leakcheck', :owner from incident i
        where i.public_id = :id
        returning public_id
        """).param("to", to).param("withheld", String.join(",", withheld)).param("owner", owner).param("id", planted.id())
        .query(UUID.class).single();
  }

  /** Withdraws a release directly in SQL. */
  public static void withdraw(JdbcClient jdbc, UUID release) {
    jdbc.sql("""
        update incident_release set withdrawn_by = 'leakcheck', withdrawn_at = now(), withdrawn_reason = 'leakcheck'
        where public_id = :id and withdrawn_at is null
        """).param("id", release).update();
  }

  /** {@code needle} (a marker, an id) appears in what {@code actor} gets from {@code path} (a control). */
  public static void assertShows(Fetch fetch, Actor actor, String path, String needle, String what) {
    assertThat(fetch.get(actor, path).contains(needle))
        .as("%s (%s) sees %s on %s", actor.orgCode(), what, needle, path).isTrue();
  }

  /** {@code needle} never appears in what {@code actor} gets from {@code path}. */
  public static void assertAbsent(Fetch fetch, Actor actor, String path, String needle, String what) {
    assertThat(fetch.get(actor, path).contains(needle))
        .as("%s must not see %s (%s) on %s", actor.orgCode(), needle, what, path).isFalse();
  }

  /**
   * A release that withholds the planted marker's fields: on {@code path} the recipient sees the incident (its id,
   * a control), the owner sees the marker (a control), and the recipient never sees the marker.
   */
  public static void assertWithheld(Fetch fetch, Actor recipient, String path, Planted planted) {
    assertShows(fetch, KH, path, planted.marker(), "the owner");
    assertShows(fetch, recipient, path, planted.id().toString(), "the recipient, the incident itself");
    assertAbsent(fetch, recipient, path, planted.marker(), "a withheld field");
  }
}
