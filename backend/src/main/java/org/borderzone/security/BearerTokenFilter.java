package org.borderzone.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer bzt_…}: authenticates the request as the token's user ({@link ApiTokens#authenticate},
 * one indexed lookup, no bcrypt, no cache), for this request only — no session is created, and the security
 * context is not saved. A Bearer header that names no live token of an enabled user is a 401 at once (never
 * anonymous, never a fall-through to another scheme); an unreachable database is a 503 ({@link SecurityProblems}).
 * The secret is never logged. Not a bean: it lives only in the security filter chain.
 */
class BearerTokenFilter extends OncePerRequestFilter {

  private final ApiTokens tokens;
  private final SecurityProblems problems;

  BearerTokenFilter(ApiTokens tokens, SecurityProblems problems) {
    this.tokens = tokens;
    this.problems = problems;
  }

  /** Whether the request carries a Bearer header (then CSRF does not apply: a browser never adds one). */
  static boolean hasBearer(HttpServletRequest request) {
    String h = request.getHeader(HttpHeaders.AUTHORIZATION);
    return h != null && h.length() >= 7 && h.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!hasBearer(request)) {
      chain.doFilter(request, response);
      return;
    }
    String secret = request.getHeader(HttpHeaders.AUTHORIZATION).substring(7).strip();
    Optional<BorderzoneUser> user;
    try {
      user = tokens.authenticate(secret);
    } catch (RuntimeException e) {
      problems.commence(request, response, new AuthenticationServiceException("token lookup failed", e));
      return;
    }
    if (user.isEmpty()) {
      problems.commence(request, response, new BadCredentialsException("unknown, revoked or expired token"));
      return;
    }
    BorderzoneUser u = user.get();
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(u, null, u.getAuthorities()));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}
