package org.borderzone.system;

import jakarta.servlet.RequestDispatcher;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.ExceptionUtils;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report valve, replaced: requests that Tomcat refuses before any servlet runs (a {@code %00},
 * invalid or overlong UTF-8, a path that climbs above the root, a request line or headers over
 * {@code server.max-http-request-header-size}, a malformed header line) get the RFC 9457 problem+json of
 * every other error instead of Tomcat's HTML page. Errors inside the application never get here: Spring MVC
 * ({@link ProblemAdvice}) or {@link ProblemErrorController} has written them already.
 *
 * <p>Tomcat answers a request head over the limit with a bare 400, whether the request line or the headers
 * overflowed; this tells them apart (the request line was not complete: 414, else 431), so a client learns
 * what to shorten.
 */
final class ProblemReportValve extends ErrorReportValve {

  /** Tomcat's own text for a request head over the buffer (looked up exactly as Tomcat does). */
  private static final String HEAD_TOO_LARGE =
      StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

  private final Supplier<ProblemWriter> writer;

  /** {@code writer} is resolved at the first error, once the application context is up. */
  ProblemReportValve(Supplier<ProblemWriter> writer) {
    this.writer = writer;
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    // as Tomcat's valve: only errors, only when nothing has been written, only once
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    try {
      ApiException problem = classify(request, status, throwable);
      response.setStatus(problem.status().value());
      ProblemDetail pd = writer.get().toProblem(request, problem);
      String body = writer.get().toJson(pd);
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding("UTF-8");
      Writer out = response.getReporter();
      if (out != null) {
        out.write(body);
        response.finishResponse();
      }
    } catch (Throwable t) {
      ExceptionUtils.handleThrowable(t);
      container.getLogger().debug("could not write the problem report", t);
    }
  }

  /** What went wrong, as far as Tomcat's state tells. */
  static ApiException classify(Request request, int status, Throwable throwable) {
    Throwable cause = throwable != null ? throwable
        : request.getCoyoteRequest().getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
    boolean requestLineRead = !request.getCoyoteRequest().requestURI().isNull();
    if (status == 400 && cause instanceof IllegalArgumentException && HEAD_TOO_LARGE.equals(cause.getMessage())) {
      return requestLineRead
          ? new ApiException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "problem.headers-too-large",
              List.of(new ApiException.FieldError("headers", "error.headers-too-large")))
          : new ApiException(HttpStatus.URI_TOO_LONG, "problem.uri-too-long",
              List.of(new ApiException.FieldError("uri", "error.uri-too-long")));
    }
    HttpStatus s = HttpStatus.resolve(status);
    if (s == HttpStatus.NOT_IMPLEMENTED || s == HttpStatus.HTTP_VERSION_NOT_SUPPORTED) {
      // e.g. an unknown Transfer-Encoding or HTTP/2.5: the request is well-formed, we just do not speak it
      return new ApiException(s, "problem.not-supported",
          List.of(new ApiException.FieldError("request", "error.not-supported-http")));
    }
    if (s == null || !s.is4xxClientError()) {
      return new ApiException(s == null ? HttpStatus.INTERNAL_SERVER_ERROR : s, "problem.internal", List.of());
    }
    if (cause == null && requestLineRead) {
      // the connector read the request line but refused its path (decoding, normalisation)
      return new ApiException(s, "problem.invalid-input",
          List.of(new ApiException.FieldError("path", "error.malformed-path")));
    }
    return new ApiException(s, "problem.invalid-input",
        List.of(new ApiException.FieldError("request", "error.malformed-http")));
  }
}
