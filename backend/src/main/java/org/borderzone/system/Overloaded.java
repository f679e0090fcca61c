package org.borderzone.system;

import java.util.List;
import org.springframework.http.HttpStatus;

/** 503: the server is busy with heavy work right now; the client may retry after {@link #retryAfterSeconds}. */
public class Overloaded extends ApiException {

  private final long retryAfterSeconds;

  public Overloaded(long retryAfterSeconds) {
    super(HttpStatus.SERVICE_UNAVAILABLE, "problem.overloaded",
        List.of(new FieldError("request", "error.analytics-busy", retryAfterSeconds)));
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
