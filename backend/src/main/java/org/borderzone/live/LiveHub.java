package org.borderzone.live;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * This instance's subscribers: the caps on open streams, the fan-out of the listener's events (each batch
 * filtered once per organisation × role by {@link EventVisibility}, then queued to every subscriber of that
 * group), the heartbeats, and the sender threads that write to the streams.
 */
@Component
class LiveHub {

  private static final Logger log = LoggerFactory.getLogger(LiveHub.class);
  /** Retry-After of the 503 when the instance holds its maximum of streams. */
  static final int RETRY_AFTER_SECONDS = 30;

  private final LiveProperties props;
  private final EventVisibility visibility;
  private final Map<Long, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final Map<String, Integer> perUser = new HashMap<>();
  private final AtomicLong serials = new AtomicLong();
  private final ThreadPoolExecutor senders;
  private final ScheduledExecutorService beats;

  LiveHub(LiveProperties props, EventVisibility visibility) {
    this.props = props;
    this.visibility = visibility;
    AtomicLong n = new AtomicLong();
    this.senders = new ThreadPoolExecutor(props.senders(), props.senders(), 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> daemon(r, "live-send-" + n.incrementAndGet()));
    this.beats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "live-heartbeat"));
    long ms = props.heartbeat().toMillis();
    beats.scheduleWithFixedDelay(this::heartbeat, ms, ms, TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * A new subscriber (holding its live events until {@link Subscriber#release}), or 429 / 503 problem+json
   * naming the limit: before anything is opened.
   */
  Subscriber open(Actor actor, SseEmitter emitter) {
    synchronized (perUser) {
      int mine = perUser.getOrDefault(actor.username(), 0);
      if (mine >= props.maxStreamsPerUser()) {
        throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "problem.too-many-requests",
            List.of(new ApiException.FieldError("borderzone.live.max-streams-per-user", "error.live-streams-user",
                props.maxStreamsPerUser())));
      }
      if (subscribers.size() >= props.maxStreams()) {
        throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "problem.overloaded",
            List.of(new ApiException.FieldError("borderzone.live.max-streams", "error.live-streams-total",
                props.maxStreams(), RETRY_AFTER_SECONDS)));
      }
      perUser.merge(actor.username(), 1, Integer::sum);
      long serial = serials.incrementAndGet();
      Subscriber s = new Subscriber(serial, actor, emitter, props.queue(), senders, () -> forget(serial, actor));
      subscribers.put(serial, s);
      return s;
    }
  }

  private void forget(long serial, Actor actor) {
    synchronized (perUser) {
      if (subscribers.remove(serial) != null) {
        perUser.computeIfPresent(actor.username(), (k, v) -> v <= 1 ? null : v - 1);
      }
    }
  }

  /** The events of one batch to every subscriber who may see them. */
  void publish(List<LiveEvent> events) {
    if (events.isEmpty() || subscribers.isEmpty()) {
      return;
    }
    Map<String, List<Subscriber>> groups = new LinkedHashMap<>();
    for (Subscriber s : subscribers.values()) {
      groups.computeIfAbsent(s.audience(), k -> new ArrayList<>()).add(s);
    }
    for (List<Subscriber> group : groups.values()) {
      List<LiveEvent> visible;
      try {
        visible = visibility.filter(events, group.get(0).actor);
      } catch (RuntimeException e) {
        // the re-read failed (database trouble): nothing is sent that was not checked; the group is dropped
        // and its browsers replay once they are back
        log.warn("live: cannot check {} events for {}: {}", events.size(), group.get(0).audience(), e.toString());
        group.forEach(Subscriber::close);
        continue;
      }
      if (!visible.isEmpty()) {
        group.forEach(s -> s.deliver(visible));
      }
    }
  }

  /** Every subscriber is told to reload everything (the listener lost more events than it can replay). */
  void resetAll(long id) {
    LiveEvent reset = LiveEvent.control(id, "reset", LiveStreams.ALL_LAYERS);
    subscribers.values().forEach(s -> s.control(reset));
  }

  private void heartbeat() {
    try {
      subscribers.values().forEach(Subscriber::heartbeat);
    } catch (RuntimeException e) {
      log.warn("live: heartbeat failed: {}", e.toString());
    }
  }

  int size() {
    return subscribers.size();
  }

  List<Subscriber> all() {
    return List.copyOf(subscribers.values());
  }

  /** Ends every open stream (shutdown). */
  void closeAll() {
    all().forEach(Subscriber::close);
  }

  @PreDestroy
  void stop() {
    beats.shutdownNow();
    closeAll();
    senders.shutdownNow();
  }
}
