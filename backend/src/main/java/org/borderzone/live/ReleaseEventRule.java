package org.borderzone.live;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.borderzone.incidents.Releasability;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Release events (kind {@code release}, V22; docs/LIVE.md): a release or withdrawal is sent to the members of its
 * two parties, the owner that released and the recipient (the release re-read by its public id, as
 * {@code GET /api/releases/{id}} reads it). The event names the layer {@code incidents}: the recipient's map
 * reloads it, so a released incident appears and a withdrawn one disappears at once.
 */
@Component
class ReleaseEventRule implements EventRule {

  private final JdbcClient jdbc;

  ReleaseEventRule(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> kinds() {
    return Set.of("release");
  }

  @Override
  public Set<Long> visible(List<LiveEvent> events, Actor reader) {
    List<UUID> ids = new ArrayList<>();
    for (LiveEvent e : events) {
      try {
        ids.add(UUID.fromString(e.entityId()));
      } catch (IllegalArgumentException | NullPointerException notAnId) {
        // written by the V22 trigger from a uuid column: cannot happen; such an event is sent to nobody
      }
    }
    Set<Long> out = new HashSet<>();
    if (ids.isEmpty() || reader == null) {
      return out;
    }
    Set<String> seen = new HashSet<>(Releasability.bind(jdbc.sql(LiveSql.VISIBLE_RELEASES).param("ids", ids), reader)
        .query(String.class).list());
    for (LiveEvent e : events) {
      if (seen.contains(e.entityId())) {
        out.add(e.id());
      }
    }
    return out;
  }
}
