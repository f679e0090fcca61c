package org.borderzone.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins (form and HTTP Basic) per user name and per client address in a sliding window and
 * blocks further attempts once a limit is reached ({@link SecurityProperties.Throttle}). The counters live in
 * the memory of one server instance: with N instances behind a load balancer an attacker gets up to N times
 * the attempts, and a restart forgets them. A successful login clears the user's counter (not the address's).
 */
@Component
public class LoginThrottle {

  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
  /** Above this many tracked keys, expired entries are swept on the next failure. */
  private static final int SWEEP_ABOVE = 10_000;

  private final SecurityProperties.Throttle limits;
  private final Clock clock;
  private final Map<String, Window> users = new ConcurrentHashMap<>();
  private final Map<String, Window> addresses = new ConcurrentHashMap<>();

  @org.springframework.beans.factory.annotation.Autowired
  LoginThrottle(SecurityProperties props) {
    this(props.throttle(), Clock.systemUTC());
  }

  LoginThrottle(SecurityProperties.Throttle limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  public SecurityProperties.Throttle limits() {
    return limits;
  }

  /** How long attempts for this user or from this address are still refused; {@link Duration#ZERO} if not. */
  public Duration blockedFor(String username, String address) {
    Instant now = clock.instant();
    Duration u = remaining(users.get(key(username)), now);
    Duration a = remaining(addresses.get(address), now);
    return u.compareTo(a) >= 0 ? u : a;
  }

  /** Records one failed attempt. */
  public void failure(String username, String address) {
    Instant now = clock.instant();
    if (users.size() + addresses.size() > SWEEP_ABOVE) {
      sweep(now);
    }
    if (username != null) {
      users.computeIfAbsent(key(username), k -> new Window()).fail(now, limits.perUser(), "user " + k(username));
    }
    if (address != null) {
      addresses.computeIfAbsent(address, k -> new Window()).fail(now, limits.perAddress(), "address " + address);
    }
  }

  public void success(String username) {
    users.remove(key(username));
  }

  /** Forgets everything (tests, or an administrator after an incident). */
  public void clear() {
    users.clear();
    addresses.clear();
  }

  /**
   * Counts a failed login, except when no password was checked at all: an {@link AuthenticationServiceException}
   * (the user could not be looked up, e.g. the database is unreachable) says nothing about the credentials, and
   * counting it would lock every user out after an outage.
   */
  @EventListener
  void onFailure(AbstractAuthenticationFailureEvent event) {
    if (event.getException() instanceof AuthenticationServiceException) {
      return;
    }
    String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails d
        ? d.getRemoteAddress() : null;
    failure(event.getAuthentication().getName(), address);
  }

  @EventListener
  void onSuccess(AuthenticationSuccessEvent event) {
    success(event.getAuthentication().getName());
  }

  private static String key(String username) {
    return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
  }

  private static String k(String username) {
    return key(username).replaceAll("[^a-z0-9._-]", "?");
  }

  private Duration remaining(Window w, Instant now) {
    if (w == null) {
      return Duration.ZERO;
    }
    synchronized (w) {
      return w.blockedUntil != null && w.blockedUntil.isAfter(now) ? Duration.between(now, w.blockedUntil)
          : Duration.ZERO;
    }
  }

  private void sweep(Instant now) {
    users.values().removeIf(w -> w.expired(now));
    addresses.values().removeIf(w -> w.expired(now));
  }

  private final class Window {
    private final Deque<Instant> failures = new ArrayDeque<>();
    private Instant blockedUntil;

    synchronized void fail(Instant now, int limit, String what) {
      prune(now);
      failures.addLast(now);
      if (failures.size() >= limit && (blockedUntil == null || !blockedUntil.isAfter(now))) {
        blockedUntil = now.plus(limits.block());
        log.warn("login throttled for {} after {} failures within {}", what, failures.size(), limits.window());
      }
    }

    synchronized boolean expired(Instant now) {
      prune(now);
      return failures.isEmpty() && (blockedUntil == null || !blockedUntil.isAfter(now));
    }

    private void prune(Instant now) {
      Instant from = now.minus(limits.window());
      while (!failures.isEmpty() && failures.peekFirst().isBefore(from)) {
        failures.removeFirst();
      }
    }
  }
}
