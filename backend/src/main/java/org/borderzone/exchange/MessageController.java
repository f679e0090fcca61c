package org.borderzone.exchange;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.borderzone.system.Actor;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.Idempotency;
import org.borderzone.system.JsonBody;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/messages}: liaison messages between organisations (docs/EXCHANGE.md "Liaison messages"). Reads for
 * every signed-in user, of their own organisation's messages only; writes for PLANNER and COMMISSION (the route
 * table), of the organisation that acts ({@link MessageService}).
 */
@RestController
@RequestMapping("/api/messages")
class MessageController {

  private final MessageService service;
  private final CurrentActor actor;
  private final Idempotency idempotency;

  MessageController(MessageService service, CurrentActor actor, Idempotency idempotency) {
    this.service = service;
    this.actor = actor;
    this.idempotency = idempotency;
  }

  /** A box of the caller's organisation, newest first, with the inbox's unread and overdue counts. */
  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  String list(@RequestParam(required = false) String box, @RequestParam(required = false) String state,
      @RequestParam(required = false) Boolean overdue, @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) Integer offset) {
    return service.list(box, state, overdue, limit, offset, PAGE_MAX, actor.get());
  }

  /** Largest page of a box (docs/LIMITS.md: lists are paged, at most 500). */
  static final int PAGE_MAX = 500;

  /** Sends a message: 201 with it and its Location; with an Idempotency-Key a retry answers the first answer. */
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> send(HttpServletRequest request, @RequestBody(required = false) MessageRequests.Send body) {
    Actor who = actor.get();
    return idempotency.run(request, who, () -> created(service.send(body, who)));
  }

  @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  String one(@PathVariable String id) {
    return service.open(id, actor.get());
  }

  @GetMapping(path = "/threads/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  String thread(@PathVariable String id) {
    return service.thread(id, actor.get());
  }

  @PostMapping(path = "/{id}/acknowledge", produces = MediaType.APPLICATION_JSON_VALUE)
  String acknowledge(@PathVariable String id, @RequestBody(required = false) MessageRequests.Move body) {
    return service.acknowledge(id, body, actor.get());
  }

  /** The addressee's answer: 201 with the RESPONSE message (the original is now ANSWERED). */
  @PostMapping(path = "/{id}/reply", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> reply(HttpServletRequest request, @PathVariable String id,
      @RequestBody(required = false) MessageRequests.Reply body) {
    Actor who = actor.get();
    return idempotency.run(request, who, () -> created(service.reply(id, body, who)));
  }

  @PostMapping(path = "/{id}/close", produces = MediaType.APPLICATION_JSON_VALUE)
  String close(@PathVariable String id, @RequestBody(required = false) MessageRequests.Move body) {
    return service.close(id, body, actor.get());
  }

  private static ResponseEntity<String> created(String message) {
    String id = JsonBody.MAPPER.readTree(message).path("id").asString();
    return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/messages/" + id))
        .contentType(MediaType.APPLICATION_JSON).body(message);
  }
}
