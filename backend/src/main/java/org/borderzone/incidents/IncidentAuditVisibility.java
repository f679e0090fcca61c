package org.borderzone.incidents;

import org.borderzone.audit.AuditVisibility;
import org.springframework.stereotype.Component;

/**
 * Releasability in the audit trail: an incident event is shown when the incident it describes (the row as the
 * event recorded it) passes {@link Releasability#PREDICATE}; an event about no single incident (an import or
 * seeding summary) only to the organisation that wrote it.
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
        """.formatted(Releasability.PREDICATE, Releasability.PARAM);
  }
}
