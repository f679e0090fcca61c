package org.borderzone.live;

import io.swagger.v3.oas.annotations.Operation;
import org.borderzone.system.CurrentActor;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/events}: live updates as Server-Sent Events (docs/LIVE.md). Every signed-in user (session
 * cookie, HTTP Basic or an API token); each event is sent only to those who may read what it names.
 */
@RestController
class EventController {

  private final LiveStreams streams;
  private final CurrentActor actor;

  EventController(LiveStreams streams, CurrentActor actor) {
    this.streams = streams;
    this.actor = actor;
  }

  @Operation(summary = "Live updates (text/event-stream)", description = """
      Server-Sent Events: one `data:` JSON per event `{id, kind, entityId, action, layers}` with its `id:`; \
      kinds incident, import, segment, signoff, inspection, pillar, and the server's ready and reset. \
      A reconnect with `Last-Event-ID` (or `?lastEventId=`) replays what was missed; `:` heartbeats. \
      At most borderzone.live.max-streams-per-user streams per user (429) and borderzone.live.max-streams \
      per instance (503). See docs/LIVE.md.""")
  @GetMapping("/api/events")
  ResponseEntity<SseEmitter> events(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventHeader,
      @RequestParam(name = "lastEventId", required = false) String lastEventParam) {
    Long lastId = LiveStreams.lastEventId(lastEventHeader, lastEventParam);
    SseEmitter emitter = streams.open(actor.get(), lastId);
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        // nginx: pass each event on at once instead of buffering the response (docs/LIVE.md)
        .header("X-Accel-Buffering", "no")
        .body(emitter);
  }
}
