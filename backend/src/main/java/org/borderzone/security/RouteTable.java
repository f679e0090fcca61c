package org.borderzone.security;

import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The server's route table as data. {@link SecurityConfig#routes} writes it with the same words as Spring
 * Security's registry ({@code requestMatchers(GET, "/x").hasRole(…)}), so a line reads as before; the table is
 * then applied to Spring Security ({@link #applyTo}) and read by whoever must describe it: the OpenAPI document
 * states the roles of every operation from {@link #ruleFor}, so a route added here is described there with
 * no second copy. First match wins, as in Spring Security; paths are Spring {@link PathPattern}s (the syntax
 * {@code requestMatchers(String)} uses).
 */
public final class RouteTable {

  /** What a matched request needs. */
  public enum Access { PERMIT_ALL, AUTHENTICATED, ROLES, DENY_ALL }

  /**
   * One line: the method (null: any), the path patterns (empty with {@code anyRequest} or dispatcher types),
   * the access and, for {@link Access#ROLES}, the roles (any one suffices; the role hierarchy applies).
   */
  public record Rule(HttpMethod method, List<String> patterns, boolean anyRequest, List<DispatcherType> dispatchers,
      Access access, List<String> roles) {

    boolean matches(String m, String path) {
      if (!dispatchers.isEmpty()) {
        return false; // only ERROR/FORWARD dispatches, never a client's request
      }
      if (method != null && !method.name().equals(m)) {
        return false;
      }
      if (anyRequest) {
        return true;
      }
      PathContainer p = PathContainer.parsePath(path);
      for (String pattern : patterns) {
        if (PathPatternParser.defaultInstance.parse(pattern).matches(p)) {
          return true;
        }
      }
      return false;
    }
  }

  private final List<Rule> rules = new ArrayList<>();

  /** A line being written: which requests; the access method ends it. */
  public final class Matcher {
    private final HttpMethod method;
    private final List<String> patterns;
    private final boolean any;
    private final List<DispatcherType> dispatchers;

    private Matcher(HttpMethod method, List<String> patterns, boolean any, List<DispatcherType> dispatchers) {
      this.method = method;
      this.patterns = patterns;
      this.any = any;
      this.dispatchers = dispatchers;
    }

    private RouteTable add(Access access, List<String> roles) {
      rules.add(new Rule(method, patterns, any, dispatchers, access, roles));
      return RouteTable.this;
    }

    public RouteTable permitAll() {
      return add(Access.PERMIT_ALL, List.of());
    }

    public RouteTable authenticated() {
      return add(Access.AUTHENTICATED, List.of());
    }

    public RouteTable denyAll() {
      return add(Access.DENY_ALL, List.of());
    }

    public RouteTable hasRole(String role) {
      return add(Access.ROLES, List.of(role));
    }

    public RouteTable hasAnyRole(String... roles) {
      return add(Access.ROLES, List.of(roles));
    }
  }

  public Matcher requestMatchers(HttpMethod method, String... patterns) {
    return new Matcher(method, List.of(patterns), false, List.of());
  }

  public Matcher requestMatchers(String... patterns) {
    return new Matcher(null, List.of(patterns), false, List.of());
  }

  public Matcher anyRequest() {
    return new Matcher(null, List.of(), true, List.of());
  }

  public Matcher dispatcherTypeMatchers(DispatcherType... types) {
    return new Matcher(null, List.of(), false, Arrays.asList(types));
  }

  /** The lines in order. */
  public List<Rule> rules() {
    return List.copyOf(rules);
  }

  /** The line deciding a request with this method and (concrete) path, as Spring Security will decide it. */
  public Optional<Rule> ruleFor(String method, String path) {
    return rules.stream().filter(r -> r.matches(method, path)).findFirst();
  }

  /** Hands every line, in order, to Spring Security. */
  void applyTo(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry r) {
    for (Rule rule : rules) {
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizedUrl url;
      if (!rule.dispatchers().isEmpty()) {
        url = r.dispatcherTypeMatchers(rule.dispatchers().toArray(DispatcherType[]::new));
      } else if (rule.anyRequest()) {
        url = r.anyRequest();
      } else if (rule.method() != null) {
        url = r.requestMatchers(rule.method(), rule.patterns().toArray(String[]::new));
      } else {
        url = r.requestMatchers(rule.patterns().toArray(String[]::new));
      }
      switch (rule.access()) {
        case PERMIT_ALL -> url.permitAll();
        case AUTHENTICATED -> url.authenticated();
        case DENY_ALL -> url.denyAll();
        case ROLES -> url.hasAnyRole(rule.roles().toArray(String[]::new));
      }
    }
  }
}
