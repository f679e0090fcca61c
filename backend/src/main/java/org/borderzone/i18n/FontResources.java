package org.borderzone.i18n;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The Khmer and Lao fonts ({@code web/…/fonts/noto-<version>/}, docs/I18N.md) with a one-year immutable cache:
 * their directory carries the Debian package version, so a new font is a new URL and a cached one is never
 * stale. Public, like the other static files (the login page needs them).
 */
@Configuration
class FontResources implements WebMvcConfigurer {

  static final CacheControl FONTS = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler("/fonts/**").addResourceLocations("classpath:/META-INF/resources/fonts/")
        .setCacheControl(FONTS);
  }
}
