package org.borderzone.exchange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.borderzone.live.EventRule;
import org.borderzone.live.LiveEvent;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Live events of the meetings (V25 triggers, docs/LIVE.md): a {@code meeting} event (its public id) and an
 * {@code action} event (the action item's public id) go to the members of the meeting's parties only, re-read
 * now with the rule of {@code GET /api/meetings/{id}} (the reader's organisation is a party).
 */
@Component
class MeetingEventRule implements EventRule {

  private final JdbcClient jdbc;

  MeetingEventRule(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> kinds() {
    return Set.of("meeting", "action");
  }

  @Override
  public Set<Long> visible(List<LiveEvent> events, Actor reader) {
    Set<Long> out = new HashSet<>();
    if (reader == null || reader.org() == null) {
      return out;
    }
    List<UUID> meetings = new ArrayList<>();
    List<UUID> actions = new ArrayList<>();
    for (LiveEvent e : events) {
      try {
        (e.kind().equals("meeting") ? meetings : actions).add(UUID.fromString(e.entityId()));
      } catch (RuntimeException notAnId) {
        // written by a trigger from a uuid column: cannot happen; such an event is sent to nobody
      }
    }
    Set<String> seen = new HashSet<>();
    if (!meetings.isEmpty()) {
      seen.addAll(jdbc.sql(MeetingSql.VISIBLE_MEETINGS).param("ids", meetings).param("org", reader.orgCode())
          .query(String.class).list());
    }
    if (!actions.isEmpty()) {
      seen.addAll(jdbc.sql(MeetingSql.VISIBLE_ACTIONS).param("ids", actions).param("org", reader.orgCode())
          .query(String.class).list());
    }
    for (LiveEvent e : events) {
      if (e.entityId() != null && seen.contains(e.kind() + ":" + e.entityId())) {
        out.add(e.id());
      }
    }
    return out;
  }
}
