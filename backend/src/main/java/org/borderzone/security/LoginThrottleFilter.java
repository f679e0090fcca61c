package org.borderzone.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses login attempts (a form {@code POST /login} or any request with an HTTP Basic header) for a user
 * name or from a client address that {@link LoginThrottle} has blocked: 429 with {@code Retry-After}, as
 * problem+json, or as the login page for a browser form. Runs before the authentication filters, so a
 * blocked attempt never reaches the password check. Not a bean: it lives only in the security filter chain.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

  private final LoginThrottle throttle;
  private final SecurityProblems problems;
  private final LoginPage loginPage;

  LoginThrottleFilter(LoginThrottle throttle, SecurityProblems problems, LoginPage loginPage) {
    this.throttle = throttle;
    this.problems = problems;
    this.loginPage = loginPage;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean form = "POST".equals(request.getMethod()) && "/login".equals(path(request));
    String username = form ? request.getParameter("username") : basicUser(request);
    if (form || username != null) {
      Duration wait = throttle.blockedFor(username, request.getRemoteAddr());
      if (!wait.isZero()) {
        if (form && SecurityProblems.isPageNavigation(request)) {
          var page = loginPage.throttled(request, Math.max(1, (wait.toSeconds() + 59) / 60));
          response.setStatus(page.getStatusCode().value());
          response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
          response.setContentType("text/html;charset=UTF-8");
          response.getOutputStream().write(page.getBody().getBytes(StandardCharsets.UTF_8));
        } else {
          problems.throttled(request, response, wait);
        }
        return;
      }
    }
    chain.doFilter(request, response);
  }

  private static String path(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  /** The user name of an HTTP Basic header, or null when there is none (or it is malformed). */
  static String basicUser(HttpServletRequest request) {
    String h = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (h == null || h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
