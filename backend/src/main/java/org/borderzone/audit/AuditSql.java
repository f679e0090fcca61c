package org.borderzone.audit;

import java.util.List;

/** SQL of the audit API; the page is built as JSON inside PostgreSQL. */
final class AuditSql {

  private AuditSql() {}

  /** The page query with {@code %s} for the entities' read rules ({@link #visibility}). */
  private static final String PAGE = """
      with hit as (
        select * from audit_event a
        where (cast(:entity as text) is null or a.entity = :entity)
          and (cast(:user as text) is null or a.username = :user)
          and (cast(:from as timestamptz) is null or a.at >= :from)
          and (cast(:to as timestamptz) is null or a.at <= :to)
          and (not :jointOnly or a.entity in (:joint))
          -- the entity's own read rule holds in the audit trail too (AuditVisibility beans)
          and %s
      ), page as (
        select * from hit order by at desc, id desc limit :size offset :offset
      )
      select json_build_object(
        'total', (select count(*) from hit),
        'page', :page, 'size', :size,
        'items', coalesce((select json_agg(json_build_object(
            'id', p.id, 'at', p.at, 'username', p.username, 'org', p.org_code, 'action', p.action,
            'entity', p.entity, 'entityId', p.entity_id, 'before', p.before, 'after', p.after,
            'clientAddress', p.client_address) order by p.at desc, p.id desc) from page p), '[]'::json))::text
      """;

  /** The page query applying {@code rules}: an event of a governed entity only where its condition holds. */
  static String page(List<AuditVisibility> rules) {
    return PAGE.formatted(visibility(rules));
  }

  /** {@code (a.entity not in (governed) or (a.entity = e1 and (c1)) or …)}. */
  static String visibility(List<AuditVisibility> rules) {
    if (rules.isEmpty()) {
      return "true";
    }
    StringBuilder governed = new StringBuilder();
    StringBuilder cases = new StringBuilder();
    for (AuditVisibility r : rules) {
      if (!AuditVisibility.ENTITY.matcher(r.entity()).matches()) {
        throw new IllegalStateException("not a plain audit entity name: " + r.entity());
      }
      governed.append(governed.length() > 0 ? ", " : "").append('\'').append(r.entity()).append('\'');
      cases.append("\n           or (a.entity = '").append(r.entity()).append("' and (").append(r.condition().strip())
          .append("))");
    }
    return "(a.entity not in (" + governed + ")" + cases + ")";
  }

  /** One audit event; {@code before} and {@code after} arrive as JSON text. */
  static final String RECORD = """
      insert into audit_event (username, org_code, action, entity, entity_id, before, after, client_address)
      values (:user, :org, :action, :entity, :entityId, cast(:before as jsonb), cast(:after as jsonb), :addr)
      """;
}
