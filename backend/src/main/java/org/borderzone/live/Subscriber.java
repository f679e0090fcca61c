package org.borderzone.live;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.borderzone.system.Actor;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * One open stream: its reader, its emitter and a bounded queue of what is still to be written. Writes happen on
 * the hub's sender threads, one at a time per subscriber, so a slow client holds up nobody but itself; a
 * subscriber whose queue is full is dropped (its browser reconnects with {@code Last-Event-ID} and replays).
 *
 * <p>While the stream replays ({@link #holding}), live events wait in a list, then follow the replay without
 * the ids it sent; the last ids written are remembered so that no event is written twice.
 */
final class Subscriber {

  private static final int REMEMBERED = 1024;

  final long serial;
  final Actor actor;
  final SseEmitter emitter;
  private final ArrayBlockingQueue<SseEventBuilder> queue;
  private final Executor senders;
  private final Runnable onClose;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LinkedHashSet<Long> sent = new LinkedHashSet<>();
  private final List<LiveEvent> held = new ArrayList<>();
  private boolean holding = true;

  Subscriber(long serial, Actor actor, SseEmitter emitter, int capacity, Executor senders, Runnable onClose) {
    this.serial = serial;
    this.actor = actor;
    this.emitter = emitter;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.senders = senders;
    this.onClose = onClose;
  }

  /** Grouping key of the visibility rules: organisation and role (EventRule). */
  String audience() {
    return actor.orgCode() + "|" + actor.role();
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Live events already filtered for this reader. */
  synchronized void deliver(List<LiveEvent> events) {
    if (holding) {
      held.addAll(events);
      return;
    }
    events.forEach(this::writeOnce);
  }

  /** The replay (already filtered), then the control event (ready or reset), then what arrived meanwhile. */
  synchronized void release(List<LiveEvent> replay, LiveEvent control, int retryMs) {
    replay.forEach(this::writeOnce);
    if (control != null) { // not remembered: its id is the newest event's, which may still arrive live
      offer(SseEmitter.event().id(Long.toString(control.id())).reconnectTime(retryMs)
          .data(control.payload(), MediaType.APPLICATION_JSON));
    }
    holding = false;
    held.forEach(this::writeOnce);
    held.clear();
  }

  /** A server-made event (reset) for this subscriber. */
  synchronized void control(LiveEvent control) {
    offer(SseEmitter.event().id(Long.toString(control.id())).data(control.payload(), MediaType.APPLICATION_JSON));
  }

  /** Writes waiting in the queue. */
  int pending() {
    return queue.size();
  }

  void heartbeat() {
    offer(SseEmitter.event().comment("keep-alive"));
  }

  private void writeOnce(LiveEvent e) {
    if (!remember(e.id())) {
      return;
    }
    offer(SseEmitter.event().id(Long.toString(e.id())).data(e.payload(), MediaType.APPLICATION_JSON));
  }

  private boolean remember(long id) {
    if (!sent.add(id)) {
      return false;
    }
    if (sent.size() > REMEMBERED) {
      var it = sent.iterator();
      it.next();
      it.remove();
    }
    return true;
  }

  private void offer(SseEventBuilder b) {
    if (closed.get()) {
      return;
    }
    if (!queue.offer(b)) {
      close(); // too slow: dropped, never waited for
      return;
    }
    schedule();
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      try {
        senders.execute(this::drain);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        draining.set(false);
        close();
      }
    }
  }

  private void drain() {
    try {
      SseEventBuilder b;
      while (!closed.get() && (b = queue.poll()) != null) {
        emitter.send(b);
      }
    } catch (Exception e) { // IOException (client gone), IllegalStateException (emitter completed)
      close();
    } finally {
      draining.set(false);
    }
    if (!queue.isEmpty() && !closed.get()) {
      schedule();
    }
  }

  /** Ends the stream (idempotent); the hub forgets the subscriber. */
  void close() {
    if (closed.compareAndSet(false, true)) {
      queue.clear();
      onClose.run();
      try {
        emitter.complete();
      } catch (Exception ignored) {
        // already completed or the response is gone
      }
    }
  }

  /** Forgotten without writing (the emitter completed, timed out or failed by itself). */
  void gone() {
    if (closed.compareAndSet(false, true)) {
      queue.clear();
      onClose.run();
    }
  }
}
