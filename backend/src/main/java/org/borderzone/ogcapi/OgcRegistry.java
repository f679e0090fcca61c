package org.borderzone.ogcapi;

import jakarta.servlet.http.HttpServletRequest;
import org.borderzone.system.Organisations;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Hands the organisation registry to the (static) collection definitions, so that the values of {@code ownerOrg},
 * {@code orgCode} and {@code side} in the queryables, the OpenAPI document and {@code prop=value} checks are the
 * rows of {@code organisation} and {@code country} at the time of the request, not a list in code (V26).
 *
 * <p>During a request the registry is the one of the application context serving it (found through the request,
 * as Spring MVC exposes it); only outside a request (a streaming thread, a unit test) is it the registry set at
 * start. A JVM that holds more than one context (the integration tests) thus never answers from another
 * context's copy of the table.
 */
@Component
class OgcRegistry {

  private static volatile Organisations started;

  OgcRegistry(Organisations organisations) {
    started = organisations;
  }

  /** The registry of the context serving the current request, else the one set at start (null before). */
  static Organisations current() {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
      HttpServletRequest request = a.getRequest();
      ApplicationContext context = RequestContextUtils.findWebApplicationContext(request);
      if (context != null) {
        Organisations o = context.getBeanProvider(Organisations.class).getIfAvailable();
        if (o != null) {
          return o;
        }
      }
    }
    return started;
  }
}
