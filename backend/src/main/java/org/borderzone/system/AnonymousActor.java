package org.borderzone.system;

import org.springframework.stereotype.Component;

/**
 * Until authentication lands (issue 3) every request acts as one joint-commission user, so that every write
 * is already attributed and audited through the same {@link CurrentActor} seam that security will fill.
 */
@Component
class AnonymousActor implements CurrentActor {

  static final Actor ANONYMOUS = new Actor("anonymous", "JBC", "COMMISSION");

  @Override
  public Actor get() {
    return ANONYMOUS;
  }
}
