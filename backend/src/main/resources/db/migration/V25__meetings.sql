-- Meetings and minutes (issue 12, item 4; docs/EXCHANGE.md "Meetings and minutes"), on the tables of V21.
--
-- 1. Public ids for the parts of a meeting the API names (attendees, agenda items, decisions, action items):
--    the API never shows a bigserial id.
-- 2. The freeze, in the database as well as in exchange/MeetingService (defence in depth): once a meeting is
--    APPROVED (its minutes signed by every country party over the same text) its row, its minutes, attendees,
--    agenda, decisions and signatures never change again, whoever writes (the app role, a hand-written UPDATE).
--    Action items of a frozen meeting still move (OPEN -> DONE | CANCELLED); new ones are refused.
-- 3. Live events 'meeting' and 'action' (docs/LIVE.md; exchange/MeetingEventRule sends them to the parties'
--    members only): entity_id is the meeting's or the action item's public id.

alter table meeting_attendee add column public_id uuid not null unique default gen_random_uuid();
alter table agenda_item add column public_id uuid not null unique default gen_random_uuid();
alter table meeting_decision add column public_id uuid not null unique default gen_random_uuid();
alter table action_item add column public_id uuid not null unique default gen_random_uuid();
create index meeting_parties_idx on meeting using gin (parties);

-- ---------------------------------------------------------------- the freeze
-- SQLSTATE 55000 (object_not_in_prerequisite_state): the service maps it to 409 naming `state`.
create function meeting_frozen_guard() returns trigger language plpgsql as $$
begin
  if old.state = 'APPROVED' then
    raise exception 'meeting % is approved and frozen: % refused', old.public_id, tg_op
      using errcode = '55000';
  end if;
  return new;
end $$;
create trigger meeting_frozen_guard before update on meeting for each row execute function meeting_frozen_guard();

-- The parts of a meeting (tg_argv[0]: the table, for the message): nothing added or changed once it is frozen.
create function meeting_part_frozen_guard() returns trigger language plpgsql as $$
declare
  mid bigint := case when tg_op = 'DELETE' then old.meeting_id else new.meeting_id end;
begin
  if exists (select 1 from meeting m where m.id = mid and m.state = 'APPROVED')
     or (tg_op = 'UPDATE' and exists (select 1 from meeting m where m.id = old.meeting_id and m.state = 'APPROVED')) then
    raise exception '% of meeting % is frozen: % refused', tg_argv[0], mid, tg_op using errcode = '55000';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger meeting_attendee_frozen before insert or update on meeting_attendee
  for each row execute function meeting_part_frozen_guard('meeting_attendee');
create trigger agenda_item_frozen before insert or update on agenda_item
  for each row execute function meeting_part_frozen_guard('agenda_item');
create trigger meeting_decision_frozen before insert or update on meeting_decision
  for each row execute function meeting_part_frozen_guard('meeting_decision');
create trigger minutes_signoff_frozen before insert or update on minutes_signoff
  for each row execute function meeting_part_frozen_guard('minutes_signoff');

-- Action items: after the freeze only their progress moves (state, who and when, version); no new ones.
create function action_item_frozen_guard() returns trigger language plpgsql as $$
begin
  if exists (select 1 from meeting m where m.id = new.meeting_id and m.state = 'APPROVED') then
    if tg_op = 'INSERT' or new.meeting_id <> old.meeting_id or new.decision_id is distinct from old.decision_id
       or new.text <> old.text or new.owner_org <> old.owner_org or new.due_date <> old.due_date
       or new.created_by <> old.created_by or new.created_at <> old.created_at or new.public_id <> old.public_id then
      raise exception 'action item of frozen meeting %: % of anything but its state refused', new.meeting_id, tg_op
        using errcode = '55000';
    end if;
  end if;
  return new;
end $$;
create trigger action_item_frozen before insert or update on action_item
  for each row execute function action_item_frozen_guard();

-- ---------------------------------------------------------------- live events
-- One event per row written (the API writes one row per request); tg_argv[0]: the action.
create function event_meeting() returns trigger language plpgsql as $$
begin
  insert into event (kind, entity_id, action, layers, originator)
  values ('meeting', new.public_id::text,
          case when tg_op = 'INSERT' then 'created'
               when new.state is distinct from old.state then lower(new.state)
               else 'updated' end,
          '{}', new.created_org);
  return null;
end $$;
create trigger event_meeting after insert or update on meeting for each row execute function event_meeting();

-- A part written (attendee, agenda item, decision, signature): an 'updated' event of its meeting.
create function event_meeting_part() returns trigger language plpgsql as $$
begin
  insert into event (kind, entity_id, action, layers)
  select 'meeting', m.public_id::text, tg_argv[0], '{}' from meeting m where m.id = new.meeting_id;
  return null;
end $$;
create trigger event_meeting_attendee after insert on meeting_attendee
  for each row execute function event_meeting_part('updated');
create trigger event_agenda_item after insert on agenda_item
  for each row execute function event_meeting_part('updated');
create trigger event_meeting_decision after insert on meeting_decision
  for each row execute function event_meeting_part('updated');
create trigger event_minutes_signoff after insert on minutes_signoff
  for each row execute function event_meeting_part('signed');

create function event_action_item() returns trigger language plpgsql as $$
begin
  insert into event (kind, entity_id, action, layers, originator)
  values ('action', new.public_id::text,
          case when tg_op = 'INSERT' then 'created' else lower(new.state) end, '{}', new.owner_org);
  return null;
end $$;
create trigger event_action_item after insert or update on action_item
  for each row execute function event_action_item();
