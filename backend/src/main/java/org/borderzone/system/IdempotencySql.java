package org.borderzone.system;

/** SQL of {@link Idempotency} (table {@code idempotency_key}, migration V9). */
final class IdempotencySql {

  private IdempotencySql() {}

  /**
   * Claims (user, key) for this transaction. On a key another transaction has claimed and not yet committed,
   * this waits for it: the primary key serializes requests with one key. 0 rows: the key is taken.
   */
  static final String CLAIM = """
      insert into idempotency_key (username, idem_key, request_hash) values (:username, :key, :hash)
      on conflict do nothing
      """;

  static final String FIND = """
      select request_hash, status, content_type, location, body from idempotency_key
      where username = :username and idem_key = :key
      """;

  static final String COMPLETE = """
      update idempotency_key set status = :status, content_type = :contentType, location = :location, body = :body
      where username = :username and idem_key = :key
      """;

  static final String CLEANUP = "delete from idempotency_key where created_at < now() - make_interval(secs => :seconds)";
}
