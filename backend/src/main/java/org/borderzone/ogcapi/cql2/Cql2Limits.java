package org.borderzone.ogcapi.cql2;

import org.borderzone.system.Limits;
import org.springframework.stereotype.Component;

/**
 * Hands {@code borderzone.limits.filter} to {@link Cql2}, whose entry points are static (a parser needs no
 * bean): the configured bounds replace the defaults as soon as the context starts.
 */
@Component
class Cql2Limits {

  Cql2Limits(Limits limits) {
    Cql2.configure(limits.filter());
  }
}
