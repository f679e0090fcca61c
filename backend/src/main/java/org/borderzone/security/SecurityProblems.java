package org.borderzone.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.borderzone.system.ApiException;
import org.borderzone.system.DatabaseOutage;
import org.borderzone.system.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;

/**
 * Security failures as RFC 9457 problem+json: 401 (not authenticated), 403 (role not allowed, or a cookie
 * session request without a valid CSRF token), 429 (login throttled), 503 with {@code Retry-After} when the
 * credentials could not be checked because the database is unreachable (never a 401: the password may be right). A browser navigating to a page that
 * needs a login is sent to {@code /login} instead.
 *
 * <p>The {@code WWW-Authenticate: Basic} challenge goes only to clients that are not browsers (no
 * {@code Sec-Fetch-Mode} header): a browser never shows its own Basic prompt, so it never caches Basic
 * credentials that a cross-site form could ride on (requests with a Basic header are exempt from CSRF).
 */
@Component
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

  static final String REALM = "Basic realm=\"Borderzone\", charset=\"UTF-8\"";

  private final ProblemWriter writer;

  SecurityProblems(ProblemWriter writer) {
    this.writer = writer;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (DatabaseOutage.is(e)) { // the user could not be looked up: 503, not a failed login
      DatabaseOutage.log(request.getMethod() + " " + request.getRequestURI() + " (authentication)", e);
      writer.unavailable(request, response);
      return;
    }
    if (isPageNavigation(request)) {
      response.sendRedirect(request.getContextPath() + "/login");
      return;
    }
    if (request.getHeader("Sec-Fetch-Mode") == null) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, REALM);
    }
    writer.write(request, response, new ApiException(HttpStatus.UNAUTHORIZED, "problem.unauthorized",
        List.of(new ApiException.FieldError("Authorization", "error.authentication-required"))));
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    ApiException.FieldError error = e instanceof CsrfException
        ? new ApiException.FieldError("X-XSRF-TOKEN", "error.csrf")
        : new ApiException.FieldError("role", "error.forbidden-role", request.getMethod(), request.getRequestURI());
    writer.write(request, response, new ApiException(HttpStatus.FORBIDDEN, "problem.forbidden", List.of(error)));
  }

  void throttled(HttpServletRequest request, HttpServletResponse response, Duration wait) throws IOException {
    long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
    writer.write(request, response, new ApiException(HttpStatus.TOO_MANY_REQUESTS, "problem.too-many-requests",
        List.of(new ApiException.FieldError("username", "error.throttled", minutes))));
  }

  void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
    writer.unavailable(request, response);
  }

  /** A browser loading a page (not the API, not a script's fetch). */
  static boolean isPageNavigation(HttpServletRequest request) {
    String uri = request.getRequestURI().substring(request.getContextPath().length());
    if (uri.startsWith("/api/") || uri.equals("/api")) {
      return false;
    }
    String mode = request.getHeader("Sec-Fetch-Mode");
    if (mode != null) {
      return mode.equals("navigate");
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("text/html");
  }
}
