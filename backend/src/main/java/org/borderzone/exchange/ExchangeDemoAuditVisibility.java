package org.borderzone.exchange;

import org.borderzone.audit.AuditVisibility;
import org.springframework.stereotype.Component;

/**
 * The audit record of the demo exchange's seeding ({@link DemoExchange}: counts only, no content) is shown to the
 * members of the parties it names in {@code after.parties}, like every exchange event to the parties of what it
 * describes (docs/EXCHANGE.md).
 */
@Component
class ExchangeDemoAuditVisibility implements AuditVisibility {

  static final String ENTITY = "exchange_demo";

  @Override
  public String entity() {
    return ENTITY;
  }

  @Override
  public String condition() {
    return "coalesce(a.after -> 'parties', '[]'::jsonb) @> to_jsonb(cast(:viewerOrg as text))";
  }
}
