package org.borderzone.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on {@code @Scheduled} methods (e.g. {@link Idempotency#cleanup()}): one scheduler thread, short tasks. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class Scheduling {}
