package org.borderzone.ogcapi;

import org.borderzone.system.Organisations;
import org.springframework.stereotype.Component;

/**
 * Hands the organisation registry to the (static) collection definitions, so that the values of {@code ownerOrg},
 * {@code orgCode} and {@code side} in the queryables, the OpenAPI document and {@code prop=value} checks are the
 * rows of {@code organisation} and {@code country} at the time of the request, not a list in code (V26).
 */
@Component
class OgcRegistry {

  OgcRegistry(Organisations organisations) {
    Collections.registry = organisations;
  }
}
