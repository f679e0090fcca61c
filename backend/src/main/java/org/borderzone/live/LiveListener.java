package org.borderzone.live;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one listener of this instance (bean {@code liveHealthIndicator}: the {@code live} health component). It
 * holds a dedicated connection of its own, outside the pool and in autocommit (pgjdbc delivers no notifications
 * inside a transaction, pgjdbc#2937), {@code LISTEN bz_events}, and waits in {@code getNotifications(poll)} on
 * its own thread. Notified ids are read from {@code event} on the same connection and handed to the
 * {@link LiveHub}. When the connection breaks (the database restarts, the backend is terminated, the link
 * dies: a ping every 15 s of silence notices that) it reconnects with a growing back-off, and then sweeps the
 * table for what it missed ({@code id >} the last id seen, less a margin for transactions that committed out of
 * id order; ids already delivered are skipped), so that nothing committed during the gap is lost. A gap larger
 * than {@code replayMax} becomes a {@code reset} to every subscriber.
 */
@Component("liveHealthIndicator")
class LiveListener implements SmartLifecycle, HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(LiveListener.class);
  /** Ids below the last one seen that a reconnect sweep still reads (transactions committing out of id order). */
  static final long SWEEP_MARGIN = 200;
  private static final int REMEMBERED = 4096;
  private static final long PING_AFTER_MS = 15_000;

  private final LiveHub hub;
  private final LiveProperties props;
  private final String url;
  private final String username;
  private final String password;
  private final LinkedHashSet<Long> delivered = new LinkedHashSet<>();

  private volatile boolean running;
  private volatile Thread thread;
  private volatile Connection connection;
  private volatile boolean listening;
  private volatile int backendPid;
  private volatile long lastSeen = -1;
  private volatile long reconnects;
  private volatile Instant disconnectedSince = Instant.now();
  private volatile String lastError;

  LiveListener(LiveHub hub, LiveProperties props, @Value("${spring.datasource.url}") String url,
      @Value("${spring.datasource.username:}") String username,
      @Value("${spring.datasource.password:}") String password) {
    this.hub = hub;
    this.props = props;
    this.url = url;
    this.username = username;
    this.password = password;
  }

  @Override
  public void start() {
    running = true;
    Thread t = new Thread(this::run, "live-listener");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /**
   * Stops listening and ends this instance's streams (their browsers reconnect, to another instance behind a
   * load balancer, and replay). A lifecycle bean of the default phase stops before the web server's graceful
   * shutdown, which would otherwise wait for the open streams as for any running request.
   */
  @Override
  public void stop() {
    hub.closeAll();
    running = false;
    Thread t = thread;
    closeQuietly(connection);
    if (t != null) {
      t.interrupt();
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    long min = Math.max(1, props.reconnectMin().toMillis());
    long backoff = min;
    while (running) {
      try (Connection c = connect()) {
        connection = c;
        backoff = min;
        listen(c);
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          break;
        }
        if (listening) {
          log.warn("live: the listener's connection broke ({}); reconnecting", e.getMessage());
        }
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
      } finally {
        if (listening) {
          disconnectedSince = Instant.now();
        }
        listening = false;
        connection = null;
      }
      if (!running) {
        break;
      }
      try {
        Thread.sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      }
      backoff = Math.min(props.reconnectMax().toMillis(), backoff * 2);
    }
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    if (!username.isEmpty()) {
      p.setProperty("user", username);
      p.setProperty("password", password);
    }
    p.setProperty("ApplicationName", "borderzone-live");
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "30");
    p.setProperty("tcpKeepAlive", "true");
    Connection c = DriverManager.getConnection(url, p);
    c.setAutoCommit(true);
    return c;
  }

  private void listen(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(LiveSql.LISTEN);
      try (ResultSet rs = st.executeQuery(LiveSql.BACKEND_PID)) {
        rs.next();
        backendPid = rs.getInt(1);
      }
    }
    PGConnection pg = c.unwrap(PGConnection.class);
    if (lastSeen < 0) {
      lastSeen = maxId(c); // first start: live from now on (a browser's own reconnect replays from the table)
    } else {
      reconnects++;
      sweep(c);
    }
    listening = true;
    log.info("live: listening on bz_events (backend pid {}, after event {})", backendPid, lastSeen);
    long quietSince = System.currentTimeMillis();
    int pollMs = (int) Math.max(1, props.poll().toMillis());
    while (running) {
      PGNotification[] ns = pg.getNotifications(pollMs);
      if (ns != null && ns.length > 0) {
        List<Long> ids = new ArrayList<>();
        for (PGNotification n : ns) {
          try {
            ids.add(Long.parseLong(n.getParameter()));
          } catch (NumberFormatException foreign) {
            // not ours (anyone may NOTIFY this channel): ignored
          }
        }
        if (!ids.isEmpty()) {
          deliver(byIds(c, ids));
        }
        quietSince = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - quietSince > PING_AFTER_MS) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(LiveSql.PING)) {
          rs.next();
        }
        quietSince = System.currentTimeMillis();
      }
    }
  }

  /** What was committed while the connection was down: replayed to the subscribers, or a reset. */
  private void sweep(Connection c) throws SQLException {
    long after = Math.max(0, lastSeen - SWEEP_MARGIN);
    List<LiveEvent> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(LiveSql.AFTER_JDBC)) {
      ps.setLong(1, after);
      ps.setInt(2, props.replayMax() + (int) SWEEP_MARGIN + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(LiveEvent.read(rs));
        }
      }
    }
    if (rows.size() > props.replayMax() + SWEEP_MARGIN) {
      long max = maxId(c);
      log.warn("live: more than {} events were missed while reconnecting: subscribers reset", props.replayMax());
      hub.resetAll(max);
      lastSeen = max;
      return;
    }
    log.info("live: reconnected; sweep after event {} found {} events", after, rows.size());
    deliver(rows);
  }

  private void deliver(List<LiveEvent> events) {
    List<LiveEvent> fresh = new ArrayList<>();
    for (LiveEvent e : events) {
      if (delivered.add(e.id())) {
        fresh.add(e);
        lastSeen = Math.max(lastSeen, e.id());
      }
    }
    while (delivered.size() > REMEMBERED) {
      var it = delivered.iterator();
      it.next();
      it.remove();
    }
    hub.publish(fresh);
  }

  private static List<LiveEvent> byIds(Connection c, List<Long> ids) throws SQLException {
    List<LiveEvent> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(LiveSql.BY_IDS)) {
      ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(LiveEvent.read(rs));
        }
      }
    }
    return out;
  }

  private static long maxId(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(LiveSql.MAX_ID_JDBC)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing a broken connection
      }
    }
  }

  /** Whether the listener is connected and listening (tests wait for it after a reconnect). */
  boolean listening() {
    return listening;
  }

  /** The backend pid of the listener's connection (0 before the first connection). */
  int backendPid() {
    return backendPid;
  }

  long reconnects() {
    return reconnects;
  }

  /**
   * UP while listening; while reconnecting the status {@code RECONNECTING} (which the overall status ignores:
   * a short database outage is the {@code db} component's); DOWN after {@code healthGrace} without a connection.
   */
  @Override
  public Health health() {
    Health.Builder b;
    if (listening) {
      b = Health.up();
    } else if (Instant.now().isAfter(disconnectedSince.plus(props.healthGrace()))) {
      b = Health.down().withDetail("error", String.valueOf(lastError));
    } else {
      b = Health.status("RECONNECTING");
    }
    return b.withDetail("subscribers", hub.size()).withDetail("lastEventId", lastSeen)
        .withDetail("reconnects", reconnects).withDetail("backendPid", backendPid).build();
  }
}
