package org.borderzone.patrol;

import org.borderzone.audit.AuditVisibility;
import org.springframework.stereotype.Component;

/**
 * The plans' read rule ({@link PlanService#VISIBLE}) in the audit trail: a plan's events are readable exactly by
 * those who may read the plan. Owner and jointness are taken from the plan as the event recorded it (neither
 * changes after the plan is saved).
 */
@Component
class PlanAuditVisibility implements AuditVisibility {

  @Override
  public String entity() {
    return "patrol_plan";
  }

  @Override
  public String condition() {
    return """
        exists (select 1 from (select e.x -> 'properties' ->> 'ownerOrg' as owner_org,
                                      coalesce(e.x -> 'properties' ->> 'joint', 'false') = 'true' as joint
                               from (select coalesce(a.after, a.before) as x) e) p
                where %s)
        """.formatted(PlanService.VISIBLE);
  }
}
