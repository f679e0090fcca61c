package org.borderzone.security;

import org.borderzone.system.Role;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.HEAD;
import static org.springframework.http.HttpMethod.OPTIONS;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.borderzone.system.DatabaseOutage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call what, in one place. {@link #routes} is the route table of the whole server; the matching
 * test is {@code RoleMatrixIT}, which checks every role against every endpoint.
 *
 * <p>Authentication: a form login with a session cookie for the map (sessions in PostgreSQL through Spring
 * Session JDBC, table {@code spring_session}), HTTP Basic for API clients such as QGIS (stateless: nothing is
 * stored per request; one bcrypt check per request), and personal API tokens as {@code Authorization: Bearer}
 * for scripts ({@link BearerTokenFilter}: one indexed lookup per request, no bcrypt). CSRF: every
 * state-changing request that rides on a session cookie needs the token (cookie
 * {@code XSRF-TOKEN}, sent back as header {@code X-XSRF-TOKEN} or form field {@code _csrf}); requests that
 * carry an HTTP Basic or Bearer header or no session at all are exempt, since a foreign site can make a browser send
 * neither (and the server never asks a browser for Basic credentials, see {@link SecurityProblems}).
 * Login and logout always need the token (no login CSRF).
 */
@Configuration
class SecurityConfig {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  /**
   * The route table. Order matters: the first matching line decides. Reads under {@code /api} are open to
   * every authenticated user (every role implies VIEWER); a write under {@code /api} that is not listed here
   * is refused for everyone, so a new endpoint cannot be written to until it has a line here. The table is
   * data ({@link RouteTable}): Spring Security applies it, and the OpenAPI document of {@code /api} states the
   * roles of every operation from it.
   */
  static void routes(RouteTable r) {
    r
        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
        // the map shell, the login page, static assets, health, and what the login page may need
        .requestMatchers(GET, "/", "/index.html", "/admin.html", "/login", "/favicon.ico", "/css/**", "/js/**",
            "/img/**", "/fonts/**", "/webjars/**", "/actuator/health", "/actuator/health/**", "/api/i18n", "/api/config")
        .permitAll()
        // the versioned static files and the service worker (offline/ShellController, docs/OFFLINE.md)
        .requestMatchers(GET, "/app/**", "/sw.js", "/manifest.webmanifest")
        .permitAll()
        // the API description (routes, schemas and roles, never data: docs/API.md) and Swagger UI's assets
        .requestMatchers(GET, "/api/openapi.json", "/api/openapi.json.yaml", "/api/openapi.json/swagger-config",
            "/api/docs", "/api/docs/**")
        .permitAll()
        // joint data: commission members change statuses and record inspections
        .requestMatchers(POST, "/api/segments/*/status").hasRole(Role.COMMISSION.name())
        .requestMatchers(POST, "/api/inspections").hasRole(Role.COMMISSION.name())
        // the audit trail: ADMIN everything, COMMISSION the joint data (filtered in AuditController)
        .requestMatchers(GET, "/api/audit").hasRole(Role.COMMISSION.name())
        // hotspot statistics: planners (and admins, by the role hierarchy); one hexagon's trend
        // (/api/hotspots/cell, docs/CHARTS.md) is one of them
        .requestMatchers(GET, "/api/hotspots", "/api/hotspots/**").hasRole(Role.PLANNER.name())
        // patrols: planners and patrol units plan routes and read plans; planners keep bases and save plans
        .requestMatchers(POST, "/api/routes").hasAnyRole(Role.PLANNER.name(), Role.PATROL.name())
        .requestMatchers(GET, "/api/patrol-plans", "/api/patrol-plans/**")
            .hasAnyRole(Role.PLANNER.name(), Role.PATROL.name())
        .requestMatchers(POST, "/api/patrol-plans/*/status").hasAnyRole(Role.PLANNER.name(), Role.PATROL.name())
        .requestMatchers(POST, "/api/patrol-plans").hasRole(Role.PLANNER.name())
        .requestMatchers(POST, "/api/bases").hasRole(Role.PLANNER.name())
        .requestMatchers(PUT, "/api/bases/*").hasRole(Role.PLANNER.name())
        .requestMatchers(DELETE, "/api/bases/*").hasRole(Role.PLANNER.name())
        // incidents: patrols and planners report; planners verify/close and bulk-import (national data)
        .requestMatchers(POST, "/api/incidents").hasAnyRole(Role.PLANNER.name(), Role.PATROL.name())
        .requestMatchers(POST, "/api/incidents/*/status").hasRole(Role.PLANNER.name())
        // a photo of an incident: those who report (the owner organisation is checked by system.Ownership)
        .requestMatchers(POST, "/api/incidents/*/photos").hasAnyRole(Role.PLANNER.name(), Role.PATROL.name())
        .requestMatchers(POST, "/api/incidents/import").hasRole(Role.PLANNER.name())
        .requestMatchers(GET, "/api/incidents/import/jobs/*").hasRole(Role.PLANNER.name())
        // the charts' series (docs/CHARTS.md): every reader, each seeing what releasability lets them see
        .requestMatchers(GET, "/api/incidents/monthly", "/api/progress/timeline").authenticated()
        // explicit releases (docs/EXCHANGE.md "Releases"): the owner's planners release and withdraw (whose incident:
        // system/Ownership); the reads (GET /api/releases, /api/releases/{id}, /api/incidents/{id}/releases) are
        // every signed-in role's, each seeing the releases of its own organisation
        .requestMatchers(POST, "/api/releases", "/api/releases/*/withdraw").hasRole(Role.PLANNER.name())
        // the exchange figures (docs/EXCHANGE.md): every reader, each over what their organisation takes part in
        .requestMatchers(GET, "/api/exchange/figures", "/api/exchange/figures.csv").authenticated()
        // exports (GET /api/exports/{dataset}): whoever reads the data; plans, like their reads, for patrols
        .requestMatchers(GET, "/api/exports/patrol-plans").hasAnyRole(Role.PLANNER.name(), Role.PATROL.name())
        .requestMatchers(GET, "/api/exports/*").authenticated()
        // imports: administrators
        .requestMatchers(POST, "/api/network/import").hasRole(Role.ADMIN.name())
        // the caller's own UI language (docs/I18N.md): every signed-in user, their own row only
        .requestMatchers(PUT, "/api/me/language").authenticated()
        // personal API tokens: every signed-in user manages their own (ApiTokens)
        .requestMatchers(POST, "/api/tokens").authenticated()
        .requestMatchers(DELETE, "/api/tokens/*").authenticated()
        // live updates (Server-Sent Events, docs/LIVE.md): every signed-in user; each event is filtered per reader
        .requestMatchers(GET, "/api/events").authenticated()
        // meetings of the parties (issue 12, docs/EXCHANGE.md): planners and commission members of a party write
        // (exchange.MeetingService with system.Ownership: which party, which owner, who signs); everyone reads theirs
        .requestMatchers(POST, "/api/meetings", "/api/meetings/*/attendees", "/api/meetings/*/agenda",
            "/api/meetings/*/decisions", "/api/meetings/*/actions", "/api/meetings/*/held",
            "/api/meetings/*/minutes/sign", "/api/actions/*/done", "/api/actions/*/cancel")
            .hasAnyRole(Role.PLANNER.name(), Role.COMMISSION.name())
        .requestMatchers(PUT, "/api/meetings/*/minutes").hasAnyRole(Role.PLANNER.name(), Role.COMMISSION.name())
        // liaison messages (docs/EXCHANGE.md): PLANNER and COMMISSION of the acting organisation write (system.Ownership);
        // every signed-in user reads their own organisation's messages (GET /api/** below)
        .requestMatchers(POST, "/api/messages", "/api/messages/*/acknowledge", "/api/messages/*/reply",
            "/api/messages/*/close").hasAnyRole(Role.PLANNER.name(), Role.COMMISSION.name())
        // joint cases (issue 12, docs/EXCHANGE.md): planners and commission members of a party propose, decide,
        // add incidents and close (system.Ownership#requireCaseParty); reads below, filtered to the parties
        .requestMatchers(POST, "/api/cases", "/api/cases/*/confirm", "/api/cases/*/reject", "/api/cases/*/close",
            "/api/cases/*/incidents").hasAnyRole(Role.PLANNER.name(), Role.COMMISSION.name())
        // organisations (docs/EXCHANGE.md "Organisations"): every signed-in user reads them; an ADMIN (of the
        // joint body: system.Ownership#requireJointBodyAdmin) adds one or changes its names and active flag
        .requestMatchers(GET, "/api/organisations").authenticated()
        .requestMatchers(POST, "/api/admin/organisations").hasRole(Role.ADMIN.name())
        .requestMatchers(PUT, "/api/admin/organisations/*").hasRole(Role.ADMIN.name())
        // user management (and users' API tokens)
        .requestMatchers("/api/admin/**").hasRole(Role.ADMIN.name())
        // every other read: any authenticated user
        .requestMatchers(GET, "/api/**").authenticated()
        .requestMatchers(HEAD, "/api/**").authenticated()
        // fail closed: a write without a line above
        .requestMatchers("/api/**").denyAll()
        // OGC API - Features (docs/OGCAPI.md): reads for every authenticated user, OPTIONS included (QGIS sends
        // Basic with it); Part 4 writes on the incidents only, with the roles of the /api write each maps to
        .requestMatchers(POST, "/ogc/collections/incidents/items").hasAnyRole(Role.PLANNER.name(), Role.PATROL.name())
        .requestMatchers(PUT, "/ogc/collections/incidents/items/*").hasRole(Role.PLANNER.name())
        .requestMatchers(DELETE, "/ogc/collections/incidents/items/*")
            .hasAnyRole(Role.PLANNER.name(), Role.PATROL.name())
        .requestMatchers(GET, "/ogc", "/ogc/**").authenticated()
        .requestMatchers(HEAD, "/ogc", "/ogc/**").authenticated()
        .requestMatchers(OPTIONS, "/ogc", "/ogc/**").authenticated()
        // fail closed: a write under /ogc without a line above
        .requestMatchers("/ogc", "/ogc/**").denyAll()
        // vector tiles (docs/TILES.md): the Gi* cells are hotspot statistics (planners, as /api/hotspots);
        // every other layer for any authenticated user; read-only
        .requestMatchers(GET, "/tiles/gistar/**", "/tiles/gistar.json").hasRole(Role.PLANNER.name())
        .requestMatchers(GET, "/tiles/**").authenticated()
        .requestMatchers(HEAD, "/tiles/**").authenticated()
        .requestMatchers("/tiles/**").denyAll()
        .requestMatchers("/actuator/**").hasRole(Role.ADMIN.name())
        .anyRequest().authenticated();
  }

  /** The route table, built once; {@link #securityFilterChain} applies it. */
  static final RouteTable ROUTES = build();

  private static RouteTable build() {
    RouteTable t = new RouteTable();
    routes(t);
    return t;
  }

  /** The route table for those who describe it (the OpenAPI document). */
  @Bean
  RouteTable routeTable() {
    return ROUTES;
  }

  /** ADMIN may do everything; every other role may read (VIEWER). */
  @Bean
  static RoleHierarchy roleHierarchy() {
    return RoleHierarchyImpl.withDefaultRolePrefix()
        .role(Role.ADMIN.name()).implies(Role.COMMISSION.name(), Role.PLANNER.name(), Role.PATROL.name())
        .role(Role.COMMISSION.name()).implies(Role.VIEWER.name())
        .role(Role.PLANNER.name()).implies(Role.VIEWER.name())
        .role(Role.PATROL.name()).implies(Role.VIEWER.name())
        .build();
  }

  /** bcrypt (cost 10), stored as {@code {bcrypt}$2a$…} so that another algorithm can be added later. */
  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityProblems problems, LoginThrottle throttle,
      LoginPage loginPage, SecurityProperties props, ApiTokens tokens,
      @Value("${borderzone.map.tile-url:}") String tileUrl)
      throws Exception {
    CookieCsrfTokenRepository csrfRepository = CookieCsrfTokenRepository.withHttpOnlyFalse();
    csrfRepository.setCookieCustomizer(c -> c.path("/").sameSite("Strict"));
    http
        .authorizeHttpRequests(ROUTES::applyTo)
        .formLogin(f -> f.loginPage("/login").loginProcessingUrl("/login")
            .defaultSuccessUrl("/", true).failureHandler(loginFailure(problems, loginPage)).permitAll())
        .httpBasic(b -> b.authenticationEntryPoint(problems))
        .logout(l -> l.logoutUrl("/logout")
            .logoutSuccessHandler((req, res, auth) -> {
              if (SecurityProblems.isPageNavigation(req)) {
                res.sendRedirect("/login?logout");
              } else {
                res.setStatus(HttpServletResponse.SC_NO_CONTENT);
              }
            })
            .deleteCookies("SESSION", "XSRF-TOKEN"))
        .csrf(c -> c.spa().csrfTokenRepository(csrfRepository)
            .requireCsrfProtectionMatcher(SecurityConfig::needsCsrfToken))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .requestCache(c -> c.disable())
        .headers(h -> h
            .contentSecurityPolicy(csp -> csp.policyDirectives(csp(props.contentSecurityPolicy(), tileUrl)))
            .frameOptions(f -> f.deny())
            .referrerPolicy(rp -> rp.policy(ReferrerPolicy.SAME_ORIGIN)))
        .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
        .addFilterBefore(new LoginThrottleFilter(throttle, problems, loginPage),
            UsernamePasswordAuthenticationFilter.class)
        .addFilterBefore(new BearerTokenFilter(tokens, problems), BasicAuthenticationFilter.class);
    return http.build();
  }

  /**
   * A failed form login goes back to {@code /login?error} without creating a session (Spring's default
   * handler opens one to keep the exception in, which would let anyone fill {@code spring_session} with rows
   * by posting wrong passwords; the page needs only the {@code error} parameter), except when the password
   * could not be checked because the database is unreachable: then 503 with {@code Retry-After}, as the login
   * page saying so for a browser, as problem+json otherwise (and {@link LoginThrottle} does not count it).
   */
  static AuthenticationFailureHandler loginFailure(SecurityProblems problems, LoginPage loginPage) {
    SimpleUrlAuthenticationFailureHandler wrongPassword = new SimpleUrlAuthenticationFailureHandler("/login?error");
    wrongPassword.setAllowSessionCreation(false);
    return (request, response, e) -> {
      if (!DatabaseOutage.is(e)) {
        wrongPassword.onAuthenticationFailure(request, response, e);
        return;
      }
      DatabaseOutage.log("POST /login", e);
      if (SecurityProblems.isPageNavigation(request)) {
        var page = loginPage.unavailable(request);
        response.setStatus(page.getStatusCode().value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS));
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(page.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } else {
        problems.unavailable(request, response);
      }
    };
  }

  /** Unsafe methods riding on a session cookie, and always login and logout. */
  static boolean needsCsrfToken(HttpServletRequest request) {
    if (SAFE_METHODS.contains(request.getMethod())) {
      return false;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals("/login") || path.equals("/logout")) {
      return true;
    }
    if (LoginThrottleFilter.basicUser(request) != null || BearerTokenFilter.hasBearer(request)) {
      return false;
    }
    return request.getRequestedSessionId() != null;
  }

  /**
   * The configured policy, with the origin of the optional online tile layer ({@code borderzone.map.tile-url},
   * e.g. {@code https://{s}.tile.example.org/{z}/{x}/{y}.png}) allowed for images; {@code {s}.} becomes
   * {@code *.}. A template that is not an absolute http(s) URL adds nothing.
   */
  static String csp(String policy, String tileUrl) {
    if (tileUrl == null) {
      return policy;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("^(https?)://(\\{s\\}\\.)?([A-Za-z0-9.-]+)(:[0-9]{1,5})?(/.*)?$").matcher(tileUrl.trim());
    if (!m.matches()) {
      return policy;
    }
    String origin = m.group(1) + "://" + (m.group(2) == null ? "" : "*.") + m.group(3)
        + (m.group(4) == null ? "" : m.group(4));
    return policy.replace("img-src 'self'", "img-src 'self' " + origin);
  }

  /**
   * Loads the deferred CSRF token on browser requests so that the {@code XSRF-TOKEN} cookie is set before
   * the page's scripts first need it (e.g. on {@code GET /api/me}).
   */
  static final class CsrfCookieFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (request.getHeader(HttpHeaders.AUTHORIZATION) == null
          && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
        token.getToken();
      }
      chain.doFilter(request, response);
    }
  }
}
