package org.borderzone.offline;

import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Caching of the static files (docs/OFFLINE.md). {@code /app/<version>/**} (the map's scripts, styles, images
 * and fonts under the version of {@link StaticVersion}) and {@code /webjars/**} (Leaflet, versioned by its
 * path) are {@code public, max-age=31536000, immutable}: a browser never asks again, and a new build has new
 * URLs. The unversioned paths ({@code /js/main.js}, links and tests use them) stay, with {@code no-cache}
 * and {@code Last-Modified} ({@code spring.web.resources.cache} in application.yml). Registered before Spring
 * Boot's own handlers, so that its {@code /webjars/**} with the short cache is not added.
 */
@Configuration
@Order(Ordered.HIGHEST_PRECEDENCE)
class StaticWebConfig implements WebMvcConfigurer {

  static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

  private final StaticVersion version;

  StaticWebConfig(StaticVersion version) {
    this.version = version;
  }

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler(version.base() + "/**").addResourceLocations("classpath:/META-INF/resources/")
        .setCacheControl(IMMUTABLE).setUseLastModified(false);
    registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
        .setCacheControl(IMMUTABLE).setUseLastModified(false);
  }
}
