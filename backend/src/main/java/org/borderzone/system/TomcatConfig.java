package org.borderzone.system;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets Tomcat pass an encoded slash ({@code %2F}) in a path on to the application instead of refusing it with
 * its own HTML error page: Spring Security's firewall then refuses it with a 400 that {@link
 * ProblemErrorController} answers as problem+json, like every other error of this server.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfig {

  @Bean
  TomcatConnectorCustomizer encodedSolidusPassThrough() {
    return connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
  }
}
