package org.borderzone.exchange;

import org.borderzone.audit.AuditVisibility;
import org.springframework.stereotype.Component;

/**
 * The audit trail of releases (entity {@code incident_release}): shown to the two parties of the release, the
 * organisation that released ({@code releasedOrg}) and the recipient ({@code to}). This is the record the
 * recipient keeps after a withdrawal: the incident's id, the parties, the withheld list, reasons and times, never
 * the incident's content (its own audit events stay with its owner: incidents/IncidentAuditVisibility).
 */
@Component
class ReleaseAuditVisibility implements AuditVisibility {

  @Override
  public String entity() {
    return "incident_release";
  }

  @Override
  public String condition() {
    return """
        (coalesce(a.after, a.before) ->> 'releasedOrg' = :viewerOrg
         or coalesce(a.after, a.before) ->> 'to' = :viewerOrg)
        """;
  }
}
