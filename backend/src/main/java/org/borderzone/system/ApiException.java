package org.borderzone.system;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A client error that becomes an RFC 9457 problem+json response. The message is looked up in the
 * {@code messages} bundle by {@code code} (with {@code args}); {@code errors} names each offending field.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final Object[] args;
  private final List<FieldError> errors;

  /** One offending field: a JSON path such as {@code findings[2].pillarId} or a query parameter name. */
  public record FieldError(String field, String code, Object... args) {}

  public ApiException(HttpStatus status, String code, List<FieldError> errors, Object... args) {
    super(code);
    this.status = status;
    this.code = code;
    this.args = args;
    this.errors = List.copyOf(errors);
  }

  /** 400: a field is malformed (wrong type, NaN, out of range...). */
  public static ApiException badField(String field, String code, Object... args) {
    return new ApiException(HttpStatus.BAD_REQUEST, "problem.invalid-input",
        List.of(new FieldError(field, code, args)));
  }

  /** 422: well-formed but unacceptable (unknown referenced id in the body, outside the area...). */
  public static ApiException unprocessable(String field, String code, Object... args) {
    return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "problem.unprocessable",
        List.of(new FieldError(field, code, args)));
  }

  /** 404 for an unknown (or invisible) id in the path. */
  public static ApiException notFound(String entity, Object id) {
    return new ApiException(HttpStatus.NOT_FOUND, "problem.not-found",
        List.of(new FieldError("id", "error.unknown-id", entity, id)), entity, id);
  }

  /** 403: the caller is authenticated but may not do this (beyond the route table: e.g. sign for a country). */
  public static ApiException forbidden(String field, String code, Object... args) {
    return new ApiException(HttpStatus.FORBIDDEN, "problem.forbidden", List.of(new FieldError(field, code, args)));
  }

  /** 409: stale version or illegal state transition. */
  public static ApiException conflict(String field, String code, Object... args) {
    return new ApiException(HttpStatus.CONFLICT, "problem.conflict", List.of(new FieldError(field, code, args)));
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Object[] args() {
    return args;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
