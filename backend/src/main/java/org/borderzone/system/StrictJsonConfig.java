package org.borderzone.system;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives the server's one {@code JsonMapper} (used by Spring MVC for every {@code @RequestBody}) the strict
 * reading rules of {@link JsonBody}, so no controller can read a body more leniently than another.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfig {

  @Bean
  JsonMapperBuilderCustomizer strictRequestBodies() {
    return JsonBody::strict;
  }
}
