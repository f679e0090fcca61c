-- Live updates (issue 11, item 4; docs/LIVE.md): one row per change that open maps should follow, written by
-- triggers in the same transaction as the change (so a rollback takes the event with it and a commit publishes
-- it), and a NOTIFY on channel bz_events carrying only the event's id: notifications are visible to every
-- database user, so nothing else leaves the table that way. Every server instance LISTENs on its own
-- connection, reads the event by id and sends it to those of its subscribers who may see it (re-reading the
-- entity with the reader's visibility rule); a reconnecting browser replays WHERE id > Last-Event-ID.
--
-- Bulk writes make ONE event per statement, never one per row (NOTIFY takes a global lock at commit): the bulk
-- loader's COPY (borderzone.prelocated = on, V6) or any statement writing more than one incident is an
-- 'import' event per owner organisation; larger status batches are one 'bulk' event.
--
-- kind / action: open lists (lower-case words) so that later features (issue 12's liaison messages) add their
-- own kinds without a migration; the server refuses to send a kind it has no visibility rule for.
-- entity_id:     the public id of what changed (an incident's UUID, a segment's or pillar's id, an inspection's
--                id); null for an import or a bulk change.
-- layers:        the map layers the change affects (names of layer_version, V11).
-- originator / releasability: the owner organisation and releasability of the data, where it has them; the
--                import events are shown by these (Releasability on alias e); other kinds re-read the entity.
create table event (
  id             bigserial primary key,
  kind           text not null check (kind ~ '^[a-z][a-z0-9-]{0,30}$'),
  entity_id      text,
  action         text not null check (action ~ '^[a-z][a-z0-9-]{0,30}$'),
  layers         text[] not null default '{}',
  originator     text,
  releasability  text check (releasability in ('SHARED', 'NATIONAL')),
  created_at     timestamptz not null default now()
);
create index event_created_idx on event (created_at);

comment on table event is
  'Live update events (V20, docs/LIVE.md): written by triggers, announced by NOTIFY bz_events with the id only, '
  'kept for replay for borderzone.live.retention and at most borderzone.live.max-rows rows.';

create function event_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('bz_events', new.id::text);
  return null;
end $$;
create trigger event_notify after insert on event for each row execute function event_notify();

-- Incidents: a single report is an 'incident' event with its public id; a COPY of the bulk loader or any
-- statement inserting several rows is one 'import' event per owner organisation, SHARED when any row is.
create function event_incident_insert() returns trigger language plpgsql as $$
declare
  n bigint;
begin
  select count(*) into n from new_rows;
  if n = 0 then
    return null;
  end if;
  if n = 1 and current_setting('borderzone.prelocated', true) is distinct from 'on' then
    insert into event (kind, entity_id, action, layers, originator, releasability)
    select 'incident', t.public_id::text, 'created', array['incidents'], t.owner_org, t.releasability
    from new_rows t;
  else
    insert into event (kind, action, layers, originator, releasability)
    select 'import', 'created', array['incidents'], t.owner_org,
           case when bool_or(t.releasability = 'SHARED') then 'SHARED' else 'NATIONAL' end
    from new_rows t group by t.owner_org order by t.owner_org;
  end if;
  return null;
end $$;
create trigger event_incident_insert after insert on incident referencing new table as new_rows
  for each statement execute function event_incident_insert();

-- Updates that readers notice (status, version, releasability, the point): up to 20 rows one event each
-- ('status' when the status changed, else 'updated'); more rows, one 'import'/'updated' per owner organisation.
create function event_incident_update() returns trigger language plpgsql as $$
declare
  n bigint;
begin
  select count(*) into n from new_rows t join old_rows o on o.id = t.id
  where t.status is distinct from o.status or t.version is distinct from o.version
     or t.releasability is distinct from o.releasability or t.geom is distinct from o.geom;
  if n = 0 then
    return null;
  end if;
  if n <= 20 then
    insert into event (kind, entity_id, action, layers, originator, releasability)
    select 'incident', t.public_id::text,
           case when t.status is distinct from o.status then 'status' else 'updated' end,
           array['incidents'], t.owner_org, t.releasability
    from new_rows t join old_rows o on o.id = t.id
    where t.status is distinct from o.status or t.version is distinct from o.version
       or t.releasability is distinct from o.releasability or t.geom is distinct from o.geom
    order by t.id;
  else
    insert into event (kind, action, layers, originator, releasability)
    select 'import', 'updated', array['incidents'], t.owner_org,
           case when bool_or(t.releasability = 'SHARED' or o.releasability = 'SHARED') then 'SHARED' else 'NATIONAL' end
    from new_rows t join old_rows o on o.id = t.id group by t.owner_org order by t.owner_org;
  end if;
  return null;
end $$;
create trigger event_incident_update after update on incident
  referencing old table as old_rows new table as new_rows
  for each statement execute function event_incident_update();

-- Joint data (every signed-in user reads it): segment status changes, sign-offs, inspections, pillar statuses.
-- tg_argv: kind, action, layer. Up to 20 rows one event each (entity = the row's subject), more one 'bulk'.
create function event_segment_status() returns trigger language plpgsql as $$
declare
  n bigint;
begin
  select count(*) into n from new_rows;
  if n = 0 then
    return null;
  elsif n <= 20 then
    insert into event (kind, entity_id, action, layers, originator)
    select 'segment', t.segment_id::text, 'status', array['segments'], t.by_org from new_rows t order by t.id;
  else
    insert into event (kind, action, layers) values ('segment', 'bulk', array['segments']);
  end if;
  return null;
end $$;
create trigger event_segment_status after insert on segment_status_change referencing new table as new_rows
  for each statement execute function event_segment_status();

create function event_signoff() returns trigger language plpgsql as $$
declare
  n bigint;
begin
  select count(*) into n from new_rows;
  if n = 0 then
    return null;
  elsif n <= 20 then
    insert into event (kind, entity_id, action, layers, originator)
    select 'signoff', t.segment_id::text, 'signed', array['segments'], t.org_code from new_rows t order by t.id;
  else
    insert into event (kind, action, layers) values ('signoff', 'bulk', array['segments']);
  end if;
  return null;
end $$;
create trigger event_signoff after insert on segment_signoff referencing new table as new_rows
  for each statement execute function event_signoff();

create function event_inspection() returns trigger language plpgsql as $$
declare
  n bigint;
begin
  select count(*) into n from new_rows;
  if n = 0 then
    return null;
  elsif n <= 20 then
    insert into event (kind, entity_id, action, layers, originator)
    select 'inspection', t.id::text, 'created', array['inspections', 'segments'], t.recorded_org
    from new_rows t order by t.id;
  else
    insert into event (kind, action, layers) values ('inspection', 'bulk', array['inspections', 'segments']);
  end if;
  return null;
end $$;
create trigger event_inspection after insert on inspection referencing new table as new_rows
  for each statement execute function event_inspection();

create function event_pillar_status() returns trigger language plpgsql as $$
declare
  n bigint;
begin
  select count(*) into n from new_rows;
  if n = 0 then
    return null;
  elsif n <= 20 then
    insert into event (kind, entity_id, action, layers)
    select 'pillar', t.pillar_id::text, 'status', array['pillars'] from new_rows t order by t.id;
  else
    insert into event (kind, action, layers) values ('pillar', 'bulk', array['pillars']);
  end if;
  return null;
end $$;
create trigger event_pillar_status after insert on pillar_status_change referencing new table as new_rows
  for each statement execute function event_pillar_status();

-- The app role writes events only through the triggers above and deletes old ones (retention); it never
-- changes one (default privileges of V9 gave it UPDATE).
do $$
begin
  if '${appRole}' <> current_user then
    execute format('revoke update, truncate on event from %I', '${appRole}');
  end if;
end $$;
