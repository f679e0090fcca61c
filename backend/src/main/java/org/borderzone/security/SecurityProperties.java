package org.borderzone.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code borderzone.security.*}: the Content-Security-Policy, login throttling and the first administrator.
 *
 * @param contentSecurityPolicy the CSP header; the origin of {@code borderzone.map.tile-url} is added to
 *     {@code img-src} when an online base layer is configured
 * @param throttle login throttling limits
 * @param adminUser the first administrator's user name (env {@code BORDERZONE_ADMIN_USER}), used only when
 *     no user exists
 * @param adminPassword their password (env {@code BORDERZONE_ADMIN_PASSWORD})
 */
@ConfigurationProperties("borderzone.security")
record SecurityProperties(
    @DefaultValue("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
        + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'") String contentSecurityPolicy,
    @DefaultValue Throttle throttle,
    String adminUser,
    String adminPassword) {

  /**
   * Failed logins allowed within {@code window} before further attempts are refused with 429 for
   * {@code block}: {@code perUser} failures for one user name, or {@code perAddress} from one client address.
   */
  record Throttle(@DefaultValue("5") int perUser, @DefaultValue("20") int perAddress,
      @DefaultValue("15m") Duration window, @DefaultValue("15m") Duration block) {}
}
