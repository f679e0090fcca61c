package org.borderzone.live;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * One row of {@code event} (V20). {@code originator} and {@code releasability} stay on the server: they decide
 * who is sent the event, the client gets {@link #payload()}.
 */
public record LiveEvent(long id, String kind, String entityId, String action, List<String> layers, String originator,
    String releasability) {

  /** What a subscriber receives as the {@code data:} of the event (JSON by Jackson). */
  public record Payload(long id, String kind, String entityId, String action, List<String> layers) {}

  Payload payload() {
    return new Payload(id, kind, entityId, action, layers);
  }

  /** A server-made event (ready, reset) that concerns every layer. */
  static LiveEvent control(long id, String kind, List<String> layers) {
    return new LiveEvent(id, kind, null, kind, layers, null, null);
  }

  /** Reads the columns of {@code LiveSql.COLUMNS}. */
  static LiveEvent read(ResultSet rs) throws SQLException {
    Array a = rs.getArray(5);
    List<String> layers = a == null ? List.of() : List.of((String[]) a.getArray());
    return new LiveEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), layers,
        rs.getString(6), rs.getString(7));
  }
}
