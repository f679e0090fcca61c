package org.borderzone.ogcapi;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Absolute links of {@code /ogc} (qgis/QGIS#58089: relative hrefs fail), built from the request as the
 * client addressed it: behind a proxy {@code X-Forwarded-Proto/Host/Port/Prefix} are honoured
 * ({@code server.forward-headers-strategy=framework}, Spring's ForwardedHeaderFilter).
 */
final class OgcLinks {

  static final String JSON = MediaType.APPLICATION_JSON_VALUE;
  static final String GEO_JSON = "application/geo+json";
  static final String HTML = MediaType.TEXT_HTML_VALUE;
  static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
  static final String SCHEMA = "application/schema+json";
  static final String REL_QUERYABLES = "http://www.opengis.net/def/rel/ogc/1.0/queryables";

  /** One link: rel, media type, href (absolute), title. */
  record Link(String rel, String type, String href, String title) {}

  private OgcLinks() {}

  /** {@code <scheme>://<host>[:port][prefix]/ogc}. */
  static String base() {
    return ServletUriComponentsBuilder.fromCurrentContextPath().path("/ogc").build().toUriString();
  }

  /** The current request's absolute URL with {@code f} set (null: removed) and {@code cursor} removed. */
  static String self(String f) {
    return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("f", f == null ? new Object[0]
        : new Object[] {f}).build().toUriString();
  }

  /** The current request's URL with {@code cursor} replaced. */
  static String withCursor(String cursor) {
    return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("cursor", cursor).build()
        .toUriString();
  }

  /** self and alternate of a resource that has a JSON and an HTML form. */
  static List<Link> selfAndAlternate(boolean html, String jsonType) {
    return html
        ? List.of(new Link("self", HTML, self("html"), "This document"),
            new Link("alternate", jsonType, self("json"), "This document as JSON"))
        : List.of(new Link("self", jsonType, self("json"), "This document"),
            new Link("alternate", HTML, self("html"), "This document as HTML"));
  }

  static String path(HttpServletRequest request) {
    return request.getRequestURI();
  }
}
