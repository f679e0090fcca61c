package org.borderzone.exchange;

import org.borderzone.audit.AuditVisibility;
import org.borderzone.incidents.Releasability;
import org.springframework.stereotype.Component;

/**
 * The cases' read rule in the audit trail: an event about a case is shown to members of its parties only (the
 * parties as the event recorded them; they never change after the proposal).
 */
@Component
class CaseAuditVisibility implements AuditVisibility {

  @Override
  public String entity() {
    return CaseService.ENTITY;
  }

  @Override
  public String condition() {
    return "coalesce(coalesce(a.after, a.before) -> 'parties' @> to_jsonb(cast(:%s as text)), false)"
        .formatted(Releasability.PARAM);
  }
}
