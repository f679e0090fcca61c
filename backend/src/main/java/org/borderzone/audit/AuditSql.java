package org.borderzone.audit;

/** SQL of the audit API; the page is built as JSON inside PostgreSQL. */
final class AuditSql {

  private AuditSql() {}

  static final String PAGE = """
      with hit as (
        select * from audit_event a
        where (cast(:entity as text) is null or a.entity = :entity)
          and (cast(:user as text) is null or a.username = :user)
          and (cast(:from as timestamptz) is null or a.at >= :from)
          and (cast(:to as timestamptz) is null or a.at <= :to)
          and (not :jointOnly or a.entity in (:joint))
          -- releasability holds in the audit trail too: an incident event is shown only when the incident was
          -- SHARED or belongs to the viewer's organisation, and import summaries only to the importer's.
          and (a.entity <> 'incident'
               or coalesce(a.after, a.before) ->> 'releasability' = 'SHARED'
               or coalesce(a.after, a.before) ->> 'owner_org' = :viewerOrg
               or (coalesce(a.after, a.before) ->> 'owner_org' is null and a.org_code = :viewerOrg))
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
}
