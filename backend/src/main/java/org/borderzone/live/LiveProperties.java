package org.borderzone.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code borderzone.live.*}: the live event stream {@code GET /api/events} (docs/LIVE.md).
 *
 * @param heartbeat how often an open stream gets a {@code :} comment, so that proxies (nginx closes an idle
 *     upstream after 60 s) and the browser keep it, and a dead client is noticed at the next write
 * @param streamTimeout a stream is closed after this long (the browser reconnects at once with
 *     {@code Last-Event-ID}); explicit, since the container's async timeout would close it every 30 s
 * @param maxStreams open streams on this instance, all users together; beyond: 503 with Retry-After
 * @param maxStreamsPerUser open streams of one user on this instance (one per tab); beyond: 429
 * @param queue events waiting for one slow subscriber; a subscriber whose queue is full is dropped (its
 *     browser reconnects and replays) rather than allowed to hold up the others
 * @param replayMax events replayed after a reconnect; a larger gap is a {@code reset} event (reload all)
 * @param retention events are kept for replay this long ...
 * @param maxRows ... and at most this many rows (the newest)
 * @param cleanupInterval how often old events are deleted
 * @param poll how long the listener waits for notifications in one call (never 0: pgjdbc#1144)
 * @param reconnectMin the first back-off after the listener's connection broke (doubled per failed attempt)
 * @param reconnectMax the longest back-off between two reconnect attempts of the listener
 * @param healthGrace the {@code live} health component is DOWN only after the listener has been
 *     disconnected this long (a short database outage is the {@code db} component's to report)
 * @param senders threads that write to the subscribers' streams (each stream is written by one at a time)
 */
@ConfigurationProperties("borderzone.live")
record LiveProperties(
    @DefaultValue("20s") Duration heartbeat,
    @DefaultValue("30m") Duration streamTimeout,
    @DefaultValue("500") int maxStreams,
    @DefaultValue("8") int maxStreamsPerUser,
    @DefaultValue("256") int queue,
    @DefaultValue("500") int replayMax,
    @DefaultValue("7d") Duration retention,
    @DefaultValue("100000") long maxRows,
    @DefaultValue("10m") Duration cleanupInterval,
    @DefaultValue("500ms") Duration poll,
    @DefaultValue("100ms") Duration reconnectMin,
    @DefaultValue("5s") Duration reconnectMax,
    @DefaultValue("60s") Duration healthGrace,
    @DefaultValue("4") int senders) {}
