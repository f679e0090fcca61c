package org.borderzone.exchange;

import org.borderzone.audit.AuditVisibility;
import org.springframework.stereotype.Component;

/**
 * The messages' read rule in the audit trail: an event of a liaison message (sent, acknowledged, answered,
 * closed) is shown only to members of its two parties, read from the row as the event recorded it (the parties
 * of a message never change).
 */
@Component
class MessageAuditVisibility implements AuditVisibility {

  @Override
  public String entity() {
    return MessageService.ENTITY;
  }

  @Override
  public String condition() {
    return "(coalesce(a.after, a.before) ->> 'from_org' = :viewerOrg"
        + " or coalesce(a.after, a.before) ->> 'to_org' = :viewerOrg)";
  }
}
