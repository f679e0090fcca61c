-- Live delivery of liaison messages (issue 12, item 1; docs/EXCHANGE.md "Liaison messages", docs/LIVE.md): a
-- message sent, acknowledged, answered or closed is an event of kind 'message' with the message's public id, so
-- that the open maps of the two parties (and only theirs: exchange/MessageEventRule re-reads from_org and
-- to_org) update their inbox and the Exchange tab's badge without a reload. Written by triggers in the
-- transaction of the change, like V20's, so every path writes them and a rollback takes them back.
--
-- originator: the sender organisation (kept on the server; the rule re-reads the message, never trusts it).
-- One event per row: messages are written one at a time (a reply writes the response and moves the original
-- in two statements); more than 20 rows in one statement (a bulk fix by hand) become one 'bulk' event, which
-- the rule sends to nobody rather than guess.

create function event_message_insert() returns trigger language plpgsql as $$
declare
  n bigint;
begin
  select count(*) into n from new_rows;
  if n = 0 then
    return null;
  elsif n <= 20 then
    insert into event (kind, entity_id, action, originator)
    select 'message', t.public_id::text, 'created', t.from_org from new_rows t order by t.id;
  else
    insert into event (kind, action) values ('message', 'bulk');
  end if;
  return null;
end $$;
create trigger event_message_insert after insert on liaison_message referencing new table as new_rows
  for each statement execute function event_message_insert();

-- A state change is the action named by the new state (acknowledged, answered, closed); an update that does not
-- change the state writes nothing.
create function event_message_update() returns trigger language plpgsql as $$
declare
  n bigint;
begin
  select count(*) into n from new_rows t join old_rows o on o.id = t.id where t.state is distinct from o.state;
  if n = 0 then
    return null;
  elsif n <= 20 then
    insert into event (kind, entity_id, action, originator)
    select 'message', t.public_id::text, lower(t.state), t.from_org
    from new_rows t join old_rows o on o.id = t.id
    where t.state is distinct from o.state
    order by t.id;
  else
    insert into event (kind, action) values ('message', 'bulk');
  end if;
  return null;
end $$;
create trigger event_message_update after update on liaison_message
  referencing old table as old_rows new table as new_rows
  for each statement execute function event_message_update();

-- The inbox: the addressee's messages newest first, and the per-user read marks by user.
create index liaison_message_to_sent_idx on liaison_message (to_org, sent_at desc);
create index liaison_read_user_idx on liaison_read (username, message_id);
