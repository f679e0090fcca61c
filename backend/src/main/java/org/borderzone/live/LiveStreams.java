package org.borderzone.live;

import java.util.List;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Opens a subscriber's stream: the caps ({@link LiveHub#open}), then the replay after {@code Last-Event-ID}
 * from the table (filtered for the reader like live events; a gap larger than {@code replayMax}, or one that
 * reaches behind the retention, is a {@code reset} event instead), then a {@code ready} event whose id is the
 * newest event at the start, so that even a stream that was sent nothing replays from there after a reconnect.
 * Also deletes old events (retention).
 */
@Component
class LiveStreams {

  private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);
  /** The layers a reset or ready concerns (all of layer_version that the map follows). */
  static final List<String> ALL_LAYERS = List.of("incidents", "segments", "pillars", "inspections");
  /** The browser's reconnection delay after a dropped stream ({@code retry:}). */
  static final int RETRY_MS = 1000;

  private final JdbcClient jdbc;
  private final LiveHub hub;
  private final EventVisibility visibility;
  private final LiveProperties props;

  LiveStreams(JdbcClient jdbc, LiveHub hub, EventVisibility visibility, LiveProperties props) {
    this.jdbc = jdbc;
    this.hub = hub;
    this.visibility = visibility;
    this.props = props;
  }

  /** Parses {@code Last-Event-ID} (or {@code ?lastEventId=}): null, or a whole number; else 400 naming it. */
  static Long lastEventId(String header, String param) {
    String field = header != null ? "Last-Event-ID" : "lastEventId";
    String v = header != null ? header : param;
    if (v == null || v.isBlank()) {
      return null;
    }
    v = v.strip();
    if (!v.matches("[0-9]{1,18}")) {
      throw ApiException.badField(field, "error.integer-range", 0, Long.MAX_VALUE);
    }
    return Long.parseLong(v);
  }

  /** The stream of {@code actor}, replaying after {@code lastId} when given. */
  SseEmitter open(Actor actor, Long lastId) {
    SseEmitter emitter = new SseEmitter(props.streamTimeout().toMillis());
    Subscriber s = hub.open(actor, emitter); // 429/503 before anything is sent
    emitter.onCompletion(s::gone);
    emitter.onTimeout(s::close);
    emitter.onError(e -> s.gone());
    try {
      long[] bounds = jdbc.sql(LiveSql.BOUNDS).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
      long lo = bounds[0];
      long hi = bounds[1];
      if (lastId == null) {
        s.release(List.of(), LiveEvent.control(hi, "ready", ALL_LAYERS), RETRY_MS);
        return emitter;
      }
      boolean lost = lastId > hi || (lo > 0 && lastId < lo - 1);
      List<LiveEvent> rows = lost ? List.of()
          : jdbc.sql(LiveSql.AFTER).param("after", lastId).param("n", props.replayMax() + 1)
              .query((rs, n) -> LiveEvent.read(rs)).list();
      if (lost || rows.size() > props.replayMax()) {
        s.release(List.of(), LiveEvent.control(hi, "reset", ALL_LAYERS), RETRY_MS);
      } else {
        s.release(visibility.filter(rows, actor), LiveEvent.control(hi, "ready", ALL_LAYERS), RETRY_MS);
      }
      return emitter;
    } catch (RuntimeException e) {
      s.gone();
      throw e;
    }
  }

  /** Retention: older than {@code retention}, or beyond the newest {@code maxRows}. */
  @Scheduled(fixedDelayString = "${borderzone.live.cleanup-interval:PT10M}", initialDelayString = "PT2M")
  public int cleanup() {
    int n = jdbc.sql(LiveSql.CLEANUP).param("seconds", (double) props.retention().toSeconds())
        .param("keep", props.maxRows()).update();
    if (n > 0) {
      log.info("Deleted {} live events (retention {}, at most {} rows)", n, props.retention(), props.maxRows());
    }
    return n;
  }
}
