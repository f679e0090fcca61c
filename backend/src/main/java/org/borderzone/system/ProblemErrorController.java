package org.borderzone.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach Spring MVC (the servlet container refusing a malformed URL, such as an encoded
 * slash, or an exception in a filter) are forwarded to {@code /error}; this answers them in the same RFC 9457
 * problem+json shape as {@link ProblemAdvice}, instead of Spring Boot's default error document.
 */
@RestController
class ProblemErrorController implements ErrorController {

  private final ProblemWriter writer;

  ProblemErrorController(ProblemWriter writer) {
    this.writer = writer;
  }

  @RequestMapping("/error")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
    if (response.isCommitted()) {
      // a stream already under way (GET /api/events) whose client went away: nothing can be written any more
      org.slf4j.LoggerFactory.getLogger(ProblemErrorController.class).debug("error dispatch of {} after the response "
          + "was committed: {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
          String.valueOf(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION)));
      return null;
    }
    if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t && DatabaseOutage.is(t)) {
      DatabaseOutage.log("error dispatch of " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), t);
      ProblemDetail pd = writer.toProblem(request, DatabaseOutage.unavailable());
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header(org.springframework.http.HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS))
          .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
    if (status == null) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    String key = switch (status) {
      case NOT_FOUND -> "problem.not-found";
      case UNAUTHORIZED -> "problem.unauthorized";
      case FORBIDDEN -> "problem.forbidden";
      case METHOD_NOT_ALLOWED -> "problem.method";
      case CONTENT_TOO_LARGE -> "problem.too-large";
      default -> status.is4xxClientError() ? "problem.invalid-input" : "problem.internal";
    };
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    List<ApiException.FieldError> errors = status.is4xxClientError()
        ? List.of(new ApiException.FieldError("path", "error.malformed-request", String.valueOf(uri)))
        : List.of();
    ProblemDetail pd = writer.toProblem(request, new ApiException(status, key, errors));
    pd.setInstance(ProblemWriter.instance(uri == null ? null : String.valueOf(uri)));
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
  }
}
