package org.borderzone.ogcapi.cql2;

import java.util.Arrays;
import java.util.List;
import org.borderzone.system.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A CQL2 filter the server refuses: a syntax error, an unknown property or function, a type mismatch, an
 * invalid literal (400), or a filter over one of the {@code borderzone.limits.filter.*} bounds (422). It
 * carries where in the text the problem is and a message code of the {@code messages} bundle; the caller turns
 * it into problem+json naming the parameter {@code filter} with {@link #toApiException()}.
 */
public final class Cql2Exception extends RuntimeException {

  private final int position;
  private final String code;
  private final Object[] args;
  private final boolean overLimit;

  private Cql2Exception(int position, boolean overLimit, String code, Object... args) {
    super(code + " at " + position + " " + Arrays.toString(args), null, false, false);
    this.position = position;
    this.code = code;
    this.args = args;
    this.overLimit = overLimit;
  }

  /** A mistake at {@code position}; the message {@code code} gets the 1-based position as {0}, then args. */
  static Cql2Exception at(int position, String code, Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = Integer.toString(position + 1);
    System.arraycopy(args, 0, all, 1, args.length);
    return new Cql2Exception(position, false, code, all);
  }

  /** Over a limit: {@code error.limit-filter-*} with the limit as {0} and the need as {1}. */
  static Cql2Exception overLimit(int position, String code, long limit, long needed) {
    return new Cql2Exception(position, true, code, limit, needed);
  }

  /** Where in the filter text the problem is: a 0-based character offset (UTF-16 units). */
  public int position() {
    return position;
  }

  /** The message code in the {@code messages} bundle. */
  public String code() {
    return code;
  }

  public Object[] args() {
    return args.clone();
  }

  /** True when the filter is well-formed but over a configured limit (answer 422, not 400). */
  public boolean overLimit() {
    return overLimit;
  }

  /**
   * The RFC 9457 answer naming {@code field} (normally {@code filter}): 400 {@code invalid-input}, or 422
   * {@code over-limit} for a filter over a limit.
   */
  public ApiException toApiException(String field) {
    if (overLimit) {
      return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "problem.over-limit",
          List.of(new ApiException.FieldError(field, code, args)));
    }
    return ApiException.badField(field, code, args);
  }

  /** {@link #toApiException(String)} for the query parameter {@code filter}. */
  public ApiException toApiException() {
    return toApiException("filter");
  }
}
