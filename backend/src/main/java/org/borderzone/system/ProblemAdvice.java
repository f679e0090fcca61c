package org.borderzone.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * The one place where exceptions become HTTP responses: always RFC 9457 problem+json naming the field.
 * A client mistake is never a 500; anything unexpected is logged and answered with a 500 that reveals nothing.
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ProblemAdvice {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
  private final ProblemWriter writer;

  ProblemAdvice(ProblemWriter writer) {
    this.writer = writer;
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(HttpServletRequest req, ApiException e) {
    if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) { // every 503 says when to come back
      return ResponseEntity.status(e.status())
          .header(org.springframework.http.HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS))
          .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(writer.toProblem(req, e));
    }
    return respond(req, e);
  }

  /** 503 with Retry-After: the analytics admission is full ({@link AnalyticsPool}). */
  @ExceptionHandler(Overloaded.class)
  ResponseEntity<ProblemDetail> overloaded(HttpServletRequest req, Overloaded e) {
    return ResponseEntity.status(e.status()).header("Retry-After", Long.toString(e.retryAfterSeconds()))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(writer.toProblem(req, e));
  }

  /**
   * A statement ran into its {@code statement_timeout} (or was cancelled): the server is too busy for it
   * now, 503 with Retry-After, never a 500. Requests that are too big by their parameters are refused with
   * 422 before they run ({@link Limits}).
   */
  @ExceptionHandler(org.springframework.dao.QueryTimeoutException.class)
  ResponseEntity<ProblemDetail> statementTimeout(HttpServletRequest req, Exception e) {
    log.warn("statement timeout on {} {}: {}", req.getMethod(), req.getRequestURI(), e.getMessage());
    ApiException api = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "problem.timeout",
        List.of(new ApiException.FieldError("request", "error.statement-timeout")));
    return ResponseEntity.status(api.status()).header("Retry-After", "10")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(writer.toProblem(req, api));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpServletRequest req, HttpMessageNotReadableException e) {
    Throwable cause = e.getCause();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof BodySizeLimitFilter.PayloadTooLargeException p) {
        return respond(req, ProblemWriter.tooLarge(p.limit()));
      }
      if (t instanceof ApiException a) {
        return respond(req, a);
      }
    }
    if (cause instanceof JacksonException je) {
      return respond(req, JsonBody.problem(je));
    }
    return respond(req, ApiException.badField("body", "error.body-missing"));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(HttpServletRequest req, MethodArgumentTypeMismatchException e) {
    return respond(req, ApiException.badField(e.getName(), "error.wrong-type", String.valueOf(e.getValue())));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> missing(HttpServletRequest req, MissingServletRequestParameterException e) {
    return respond(req, ApiException.badField(e.getParameterName(), "error.required"));
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> invalid(HttpServletRequest req, MethodArgumentNotValidException e) {
    List<ApiException.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
        .map(fe -> new ApiException.FieldError(fe.getField(), "error.constraint", fe.getDefaultMessage()))
        .collect(Collectors.toList());
    return respond(req, new ApiException(HttpStatus.BAD_REQUEST, "problem.invalid-input", errors));
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ProblemDetail> invalidParams(HttpServletRequest req, HandlerMethodValidationException e) {
    List<ApiException.FieldError> errors = e.getParameterValidationResults().stream()
        .map(r -> new ApiException.FieldError(r.getMethodParameter().getParameterName(), "error.constraint",
            r.getResolvableErrors().isEmpty() ? "" : r.getResolvableErrors().get(0).getDefaultMessage()))
        .collect(Collectors.toList());
    return respond(req, new ApiException(HttpStatus.BAD_REQUEST, "problem.invalid-input", errors));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpServletRequest req, HttpMediaTypeNotSupportedException e) {
    return respond(req, new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "problem.media-type",
        List.of(new ApiException.FieldError("Content-Type", "error.media-type", String.valueOf(e.getContentType())))));
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> notAcceptable(HttpServletRequest req, HttpMediaTypeNotAcceptableException e) {
    return respond(req, new ApiException(HttpStatus.NOT_ACCEPTABLE, "problem.not-acceptable",
        List.of(new ApiException.FieldError("Accept", "error.not-acceptable"))));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpServletRequest req, HttpRequestMethodNotSupportedException e) {
    return respond(req, new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "problem.method",
        List.of(new ApiException.FieldError("method", "error.method", e.getMethod()))));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> noResource(HttpServletRequest req, NoResourceFoundException e) {
    return respond(req, new ApiException(HttpStatus.NOT_FOUND, "problem.not-found",
        List.of(new ApiException.FieldError("path", "error.no-such-path", e.getResourcePath()))));
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<ProblemDetail> integrity(HttpServletRequest req, DataIntegrityViolationException e) {
    // Our services validate first; reaching this means a constraint we did not pre-check. Still a client error.
    log.warn("constraint violation reached the advice: {}", e.getMostSpecificCause().getMessage());
    return respond(req, new ApiException(HttpStatus.CONFLICT, "problem.conflict",
        List.of(new ApiException.FieldError("body", "error.constraint-violated"))));
  }

  /** Method-level security or {@code CurrentActor} without a user: 403 / 401, never a 500. */
  @ExceptionHandler(org.springframework.security.access.AccessDeniedException.class)
  ResponseEntity<ProblemDetail> denied(HttpServletRequest req, Exception e) {
    return respond(req, ApiException.forbidden("role", "error.forbidden-role", req.getMethod(), req.getRequestURI()));
  }

  @ExceptionHandler(org.springframework.security.core.AuthenticationException.class)
  ResponseEntity<ProblemDetail> unauthenticated(HttpServletRequest req, Exception e) {
    if (DatabaseOutage.is(e)) { // the user could not be looked up: not a failed login
      return unavailable(req, e);
    }
    return respond(req, new ApiException(HttpStatus.UNAUTHORIZED, "problem.unauthorized",
        List.of(new ApiException.FieldError("Authorization", "error.authentication-required"))));
  }

  /**
   * The client went away (the map cancels superseded requests): nothing can be answered and nothing is wrong
   * with the server, so nothing is logged as an error.
   */
  @ExceptionHandler(org.springframework.web.context.request.async.AsyncRequestNotUsableException.class)
  void clientGone(HttpServletRequest req, Exception e) {
    log.debug("client closed the connection on {} {}", req.getMethod(), req.getRequestURI());
  }

  /**
   * The database cannot be reached (no connection within the pool's short timeout, the connection broke, the
   * server is shutting down): 503 with {@code Retry-After}, never a 500, since nothing is wrong with the
   * request. A resource failure that is not an outage (see {@link DatabaseOutage}) is unexpected.
   */
  @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class,
      org.springframework.dao.TransientDataAccessResourceException.class,
      org.springframework.transaction.CannotCreateTransactionException.class})
  ResponseEntity<ProblemDetail> databaseUnavailable(HttpServletRequest req, Exception e) {
    if (!DatabaseOutage.is(e)) {
      return unexpected(req, e);
    }
    return unavailable(req, e);
  }

  private ResponseEntity<ProblemDetail> unavailable(HttpServletRequest req, Exception e) {
    DatabaseOutage.log(req.getMethod() + " " + req.getRequestURI(), e);
    ProblemDetail pd = writer.toProblem(req, DatabaseOutage.unavailable());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(org.springframework.http.HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(HttpServletRequest req, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getName().equals("org.apache.catalina.connector.ClientAbortException")) {
        log.debug("client closed the connection on {} {}", req.getMethod(), req.getRequestURI());
        return null;
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodySizeLimitFilter.PayloadTooLargeException p) {
        return respond(req, ProblemWriter.tooLarge(p.limit()));
      }
    }
    if (DatabaseOutage.is(e)) {
      return unavailable(req, e);
    }
    log.error("unexpected error on {} {}", req.getMethod(), req.getRequestURI(), e);
    return respond(req, new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "problem.internal", List.of()));
  }

  private ResponseEntity<ProblemDetail> respond(HttpServletRequest req, ApiException e) {
    ProblemDetail pd = writer.toProblem(req, e);
    return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
  }
}
