-- Safe retries: POST /api/incidents and /api/incidents/import with an Idempotency-Key header. One row per
-- (user, key), written in the same transaction as what the request stored, so a crash leaves both or
-- neither. The row holds the response as it was sent (status, Content-Type, Location, body), never an id:
-- a retry answers exactly that. request_hash is SHA-256 over method, target and body; the same key with
-- another request is 409. The primary key serializes concurrent requests with one key: the second waits
-- on the first's uncommitted row and then answers what it stored. Rows older than the retention (24 h by
-- default) are deleted by a scheduled task (Idempotency.cleanup).
create table idempotency_key (
  username      text not null,
  idem_key      text not null,
  request_hash  bytea not null,
  status        smallint,
  content_type  text,
  location      text,
  body          text,
  created_at    timestamptz not null default now(),
  primary key (username, idem_key)
);
create index idempotency_key_created_idx on idempotency_key (created_at);

-- Least privilege: migrations run as the owner role (spring.flyway.user), the server as the app role given
-- by the placeholder appRole (spring.datasource.username). The app role may read and write the tables it
-- needs, use the sequences, and only INSERT and SELECT the audit trail; it owns nothing, so it can neither
-- disable the audit trigger, nor replace its function, nor drop or truncate a table. Default privileges give
-- tables and sequences of later migrations the same grants (a later append-only table must REVOKE itself).
-- When both are the same role (an external database without an owner role, see docs/OPERATIONS.md) there
-- is nothing to grant: the app role owns the schema, and only the triggers protect audit_event.
do $$
declare
  app text := '${appRole}';
begin
  if app = current_user then
    raise notice 'migrations run as the app role %: no separate owner, no grants', app;
    return;
  end if;
  if not exists (select 1 from pg_roles where rolname = app) then
    raise exception 'app role % does not exist (create it first: scripts/pg.sh start, docs/OPERATIONS.md)', app;
  end if;
  execute format('grant connect, temporary on database %I to %I', current_database(), app);
  execute format('grant usage on schema public to %I', app);
  execute format('grant select, insert, update, delete on all tables in schema public to %I', app);
  execute format('grant usage, select on all sequences in schema public to %I', app);
  execute format('revoke all on audit_event from %I', app);
  execute format('grant select, insert on audit_event to %I', app);
  execute format('revoke all on %I from %I', '${flyway:table}', app);
  execute format('grant select on %I to %I', '${flyway:table}', app);
  execute format('alter default privileges in schema public grant select, insert, update, delete on tables to %I', app);
  execute format('alter default privileges in schema public grant usage, select on sequences to %I', app);
end $$;
