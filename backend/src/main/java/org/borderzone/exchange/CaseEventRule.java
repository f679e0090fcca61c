package org.borderzone.exchange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.borderzone.incidents.Releasability;
import org.borderzone.live.EventRule;
import org.borderzone.live.LiveEvent;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Case events (kind {@code case}, written by the triggers of V24): sent to members of the case's parties, the
 * same rule as {@code GET /api/cases/{id}} ({@link CaseSql#PARTY}), re-read when the event is sent.
 */
@Component
class CaseEventRule implements EventRule {

  private final JdbcClient jdbc;

  CaseEventRule(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> kinds() {
    return Set.of("case");
  }

  @Override
  public Set<Long> visible(List<LiveEvent> events, Actor reader) {
    List<UUID> ids = new ArrayList<>();
    for (LiveEvent e : events) {
      try {
        if (e.entityId() != null) {
          ids.add(UUID.fromString(e.entityId()));
        }
      } catch (IllegalArgumentException notAnId) {
        // written by a trigger from a uuid column: cannot happen; such an event is sent to nobody
      }
    }
    Set<Long> out = new HashSet<>();
    if (ids.isEmpty() || reader == null || reader.org() == null) {
      return out;
    }
    Set<String> seen = new HashSet<>(Releasability.bind(jdbc.sql(CaseSql.VISIBLE_CASES).param("ids", ids), reader)
        .query(String.class).list());
    for (LiveEvent e : events) {
      if (seen.contains(e.entityId())) {
        out.add(e.id());
      }
    }
    return out;
  }
}
