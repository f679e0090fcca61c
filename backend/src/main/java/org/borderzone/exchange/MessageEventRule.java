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
 * Live events of liaison messages (kind {@code message}, V23): sent to the members of the message's
 * {@code from_org} and {@code to_org} only, re-read from the message by its public id with the read rule of
 * {@code GET /api/messages/{id}} ({@link MessageSql#PARTY}); an event without an id (a bulk change by hand) is
 * sent to nobody.
 */
@Component
class MessageEventRule implements EventRule {

  private final JdbcClient jdbc;

  MessageEventRule(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> kinds() {
    return Set.of("message");
  }

  @Override
  public Set<Long> visible(List<LiveEvent> events, Actor reader) {
    List<UUID> ids = new ArrayList<>();
    for (LiveEvent e : events) {
      if (e.entityId() != null) {
        try {
          ids.add(UUID.fromString(e.entityId()));
        } catch (IllegalArgumentException notAnId) {
          // written by the V23 trigger from a uuid column: cannot happen; such an event is sent to nobody
        }
      }
    }
    Set<Long> out = new HashSet<>();
    if (ids.isEmpty() || reader.org() == null) {
      return out;
    }
    Set<String> seen = new HashSet<>(jdbc.sql(MessageSql.VISIBLE_IDS).param("ids", ids)
        .param("viewerOrg", reader.orgCode()).query(String.class).list());
    for (LiveEvent e : events) {
      if (seen.contains(e.entityId())) {
        out.add(e.id());
      }
    }
    return out;
  }
}
