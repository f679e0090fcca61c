package org.borderzone.live;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.borderzone.incidents.Releasability;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Incident events: an {@code incident} event is sent when the reader may read the incident now (the incident
 * re-read by its public id with {@link Releasability#PREDICATE}, as {@code GET /api/incidents/{id}} does); an
 * {@code import} event (one per statement and owner organisation, no id) when the import held a SHARED row or
 * the reader belongs to the owner organisation (the same rule on the event's own columns).
 */
@Component
class IncidentEventRule implements EventRule {

  private final JdbcClient jdbc;

  IncidentEventRule(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> kinds() {
    return Set.of("incident", "import");
  }

  @Override
  public Set<Long> visible(List<LiveEvent> events, Actor reader) {
    Set<Long> out = new HashSet<>();
    List<UUID> ids = new java.util.ArrayList<>();
    for (LiveEvent e : events) {
      if (e.kind().equals("import")) {
        if (Releasability.visible(e.originator(), e.releasability(), reader)) {
          out.add(e.id());
        }
      } else if (e.entityId() != null) {
        try {
          ids.add(UUID.fromString(e.entityId()));
        } catch (IllegalArgumentException notAnId) {
          // written by a trigger from a uuid column: cannot happen; such an event is sent to nobody
        }
      }
    }
    if (!ids.isEmpty()) {
      Set<String> seen = new HashSet<>(Releasability.bind(jdbc.sql(LiveSql.VISIBLE_INCIDENTS).param("ids", ids), reader)
          .query(String.class).list());
      for (LiveEvent e : events) {
        if (e.kind().equals("incident") && seen.contains(e.entityId())) {
          out.add(e.id());
        }
      }
    }
    return out;
  }
}
