package org.borderzone.audit;

import java.util.regex.Pattern;

/**
 * The read rule of one entity, applied to its audit trail: the audit trail shows an event only to those who may
 * read the entity it describes (DESIGN.md). Each feature declares it next to its own read rule, as a bean, and
 * {@code GET /api/audit} applies every one; an entity without a rule is readable by whoever may read the audit
 * trail (its own role filter still applies). Nothing here depends on a feature.
 */
public interface AuditVisibility {

  /** Audit entity names are plain identifiers written by server code. */
  Pattern ENTITY = Pattern.compile("[a-z_]{1,40}");

  /** The audit entity this rule governs, e.g. {@code patrol_plan}. */
  String entity();

  /**
   * An SQL condition over the audit row (alias {@code a}: {@code a.before}, {@code a.after}, {@code a.org_code},
   * {@code a.entity_id}) that holds when the caller, whose organisation is bound as {@code :viewerOrg}, may read
   * the entity. Constant text from server code; never request input.
   */
  String condition();
}
