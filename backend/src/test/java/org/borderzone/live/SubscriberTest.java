package org.borderzone.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.borderzone.system.Actor;
import org.borderzone.system.Organisation;
import org.borderzone.system.Role;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A subscriber's bounded queue: a client that does not keep up is dropped when its queue is full, and the
 * caller (the listener's fan-out) is never held up; replayed ids are not written twice when the same event also
 * arrives live; events that arrive during the replay follow it.
 */
class SubscriberTest {

  static final Actor KH = new Actor("kh-viewer", Organisation.of("KH"), Role.VIEWER);

  static LiveEvent event(long id) {
    return new LiveEvent(id, "segment", Long.toString(id), "status", List.of("segments"), "KH", null);
  }

  @Test
  void aSlowClientIsDroppedWhenItsQueueIsFullWithoutBlockingTheSender() {
    List<Runnable> neverRun = new ArrayList<>(); // a sender pool that is busy: nothing is written
    AtomicInteger closed = new AtomicInteger();
    Subscriber s = new Subscriber(1, KH, new SseEmitter(60_000L), 4, neverRun::add, closed::incrementAndGet);
    s.release(List.of(), null, 1000);
    long t0 = System.nanoTime();
    for (long id = 1; id <= 4; id++) {
      s.deliver(List.of(event(id)));
    }
    assertThat(s.isClosed()).isFalse();
    s.deliver(List.of(event(5)));
    assertThat((System.nanoTime() - t0) / 1_000_000).as("never waits for the client").isLessThan(500);
    assertThat(s.isClosed()).as("the fifth event found the queue full: dropped").isTrue();
    assertThat(closed).hasValue(1);
    s.deliver(List.of(event(6)));
    assertThat(closed).as("closing is idempotent").hasValue(1);
    assertThat(neverRun).hasSize(1); // one drain was scheduled, not one per event
  }

  @Test
  void liveEventsDuringTheReplayFollowItAndNothingIsWrittenTwice() {
    List<Runnable> tasks = new ArrayList<>();
    Subscriber s = new Subscriber(1, KH, new SseEmitter(60_000L), 10, tasks::add, () -> { });
    s.deliver(List.of(event(3), event(4))); // held: the stream is still replaying
    s.release(List.of(event(2), event(3)), LiveEvent.control(4, "ready", LiveStreams.ALL_LAYERS), 1000);
    s.deliver(List.of(event(4), event(5)));
    // written: 2, 3 (the replay), ready (id 4, the newest at the start), the held 4 (the held 3 was replayed),
    // then 5 (the live 4 was written already)
    assertThat(s.isClosed()).isFalse();
    assertThat(s.pending()).isEqualTo(5);
  }
}
