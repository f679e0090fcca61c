package org.borderzone.system;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Safe retries of a POST that creates something: a client sends an {@code Idempotency-Key} header (any value
 * of {@link #KEY}, e.g. a UUID per report) and may resend the same request as often as it likes. The first
 * request with the key runs; every later one with the same key, by the same user, answers what the first
 * answered (status, Content-Type, Location, body) with {@code Idempotent-Replayed: true} and stores nothing.
 * The same key with another request (method, target or body differ: SHA-256 of them, see
 * {@link IdempotencyFilter}) is 409. Keys are per user: two users never see each other's keys.
 *
 * <p>Why it holds under failures: the key's row is written in the same transaction as what the request
 * stores (the action's own {@code @Transactional} methods join it), so a crash, a dropped connection or a
 * database restart leaves both or neither, and a retry either replays the answer or runs anew. The row is
 * claimed first, under the primary key: a concurrent request with the same key waits for the first's commit
 * and then replays it (or, if the first failed and rolled back, runs itself). Only successful (2xx) answers
 * are kept; a refused request leaves no row, so its retry is checked again. Rows are kept for
 * {@code borderzone.idempotency.retention} (at least 24 h), then deleted by {@link #cleanup()}.
 */
@Component
public class Idempotency {

  /** The request header. */
  public static final String HEADER = "Idempotency-Key";
  /** The response header on an answer that was stored earlier. */
  public static final String REPLAYED = "Idempotent-Replayed";
  /** What a key may be: 1–128 characters, letters, digits and {@code - _ . : ~ + / =} (UUIDs, ULIDs, base64). */
  static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:~+/=-]{1,128}");
  static final Duration MIN_RETENTION = Duration.ofHours(24);

  private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Duration retention;

  Idempotency(JdbcClient jdbc, PlatformTransactionManager txm,
      @Value("${borderzone.idempotency.retention:24h}") Duration retention) {
    if (retention.compareTo(MIN_RETENTION) < 0) {
      throw new IllegalArgumentException("borderzone.idempotency.retention must be at least 24h, got " + retention);
    }
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(txm);
    this.retention = retention;
  }

  /**
   * Runs {@code action} (which builds the whole response) at most once per key of the caller: without the
   * header it just runs. Call it after the body has been read as far as the action needs before storing
   * (whatever is left unread is read here, for the request's hash).
   */
  public ResponseEntity<String> run(HttpServletRequest request, Actor actor, Supplier<ResponseEntity<String>> action) {
    IdempotencyFilter.Fingerprint fingerprint = IdempotencyFilter.fingerprint(request);
    if (fingerprint == null) {
      return action.get();
    }
    byte[] hash;
    try {
      hash = fingerprint.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String key = fingerprint.key();
    return tx.execute(status -> {
      boolean claimed = jdbc.sql(IdempotencySql.CLAIM).param("username", actor.username()).param("key", key)
          .param("hash", hash).update() == 1;
      if (!claimed) {
        return replay(actor, key, hash);
      }
      ResponseEntity<String> response = action.get();
      if (!response.getStatusCode().is2xxSuccessful()) {
        status.setRollbackOnly();
        return response;
      }
      URI location = response.getHeaders().getLocation();
      MediaType type = response.getHeaders().getContentType();
      jdbc.sql(IdempotencySql.COMPLETE).param("username", actor.username()).param("key", key)
          .param("status", response.getStatusCode().value())
          .param("contentType", type == null ? null : type.toString())
          .param("location", location == null ? null : location.toString())
          .param("body", response.getBody())
          .update();
      return response;
    });
  }

  private ResponseEntity<String> replay(Actor actor, String key, byte[] hash) {
    record Stored(byte[] hash, Integer status, String contentType, String location, String body) {}
    Stored s = jdbc.sql(IdempotencySql.FIND).param("username", actor.username()).param("key", key)
        .query((rs, n) -> new Stored(rs.getBytes(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4),
            rs.getString(5)))
        .single();
    if (!Arrays.equals(s.hash(), hash)) {
      throw ApiException.conflict(HEADER, "error.idempotency-key-reused");
    }
    if (s.status() == null) {
      throw new IllegalStateException("idempotency key without a stored response");
    }
    HttpHeaders headers = new HttpHeaders();
    if (s.contentType() != null) {
      headers.setContentType(MediaType.parseMediaType(s.contentType()));
    }
    if (s.location() != null) {
      headers.setLocation(URI.create(s.location()));
    }
    headers.set(REPLAYED, "true");
    return ResponseEntity.status(HttpStatus.valueOf(s.status())).headers(headers).body(s.body());
  }

  /** Deletes keys older than the retention; hourly (borderzone.idempotency.cleanup-interval). */
  @Scheduled(fixedDelayString = "${borderzone.idempotency.cleanup-interval:PT1H}", initialDelayString = "PT1M")
  public int cleanup() {
    int n = jdbc.sql(IdempotencySql.CLEANUP).param("seconds", (double) retention.toSeconds()).update();
    if (n > 0) {
      log.info("Deleted {} idempotency keys older than {}", n, retention);
    }
    return n;
  }
}
