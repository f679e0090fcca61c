package org.borderzone.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The outermost filter: a database outage that escapes from anything inside it (Spring Session loading or
 * saving a session row, the security filters, a controller) becomes a 503 problem+json with
 * {@code Retry-After}. Without it such an exception reaches the servlet container, whose error dispatch runs
 * the failing session filter again and ends in Tomcat's HTML error page with a 500. It runs before Spring
 * Session's filter and on error dispatches too. Exceptions that are not an outage pass through unchanged.
 */
public final class DatabaseOutageFilter implements Filter {

  private final ProblemWriter problems;

  DatabaseOutageFilter(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      if (!DatabaseOutage.is(e) || !(request instanceof HttpServletRequest req)
          || !(response instanceof HttpServletResponse res) || res.isCommitted()) {
        throw e;
      }
      DatabaseOutage.log(req.getMethod() + " " + req.getRequestURI(), e);
      res.reset();
      problems.unavailable(req, res);
    }
  }

  /** Registers the filter first of all, for requests, error and async dispatches. */
  @Configuration(proxyBeanMethods = false)
  static class Registration {
    @Bean
    FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter(ProblemWriter problems) {
      FilterRegistrationBean<DatabaseOutageFilter> r = new FilterRegistrationBean<>(new DatabaseOutageFilter(problems));
      r.setOrder(Ordered.HIGHEST_PRECEDENCE);
      r.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
      r.addUrlPatterns("/*");
      return r;
    }
  }
}
