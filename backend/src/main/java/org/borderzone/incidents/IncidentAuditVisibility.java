package org.borderzone.incidents;

import org.borderzone.audit.AuditVisibility;
import org.springframework.stereotype.Component;

/**
 * Releasability in the audit trail: an incident event is shown when the incident it describes (the row as the
 * event recorded it) is SHARED or the caller's own ({@link Releasability#OWN_OR_SHARED}); an event about no single
 * incident (an import or seeding summary) only to the organisation that wrote it. A release never opens these:
 * the events carry the incident's whole content (withheld fields too) in their before/after images. What a
 * recipient keeps of a release is the release's own audit event (exchange/ReleaseAuditVisibility).
 */
@Component
class IncidentAuditVisibility implements AuditVisibility {

  @Override
  public String entity() {
    return "incident";
  }

  @Override
  public String condition() {
    return """
        exists (select 1 from (select coalesce(a.after, a.before) ->> 'releasability' as releasability,
                                      coalesce(a.after, a.before) ->> 'owner_org' as owner_org) i
                where %s)
        or (coalesce(a.after, a.before) ->> 'owner_org' is null and a.org_code = :%s)
        """.formatted(Releasability.OWN_OR_SHARED, Releasability.PARAM);
  }
}
