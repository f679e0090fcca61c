-- Joint cases (issue 12, item 3; docs/EXCHANGE.md "Joint cases"): live events of kind 'case' (docs/LIVE.md),
-- written by triggers in the transaction of the change like every other event (V20). The event carries the
-- case's public id only; exchange/CaseEventRule sends it to members of the case's parties, nobody else.
--
-- actions: proposed (a case inserted), confirmed (a party other than the proposer confirmed, the case still
-- waiting for others), open / rejected / closed (the state moved), incidents (incidents added to an existing
-- case). Cases are written one at a time by the API, so a row trigger makes at most a handful of events.

create function event_case() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into event (kind, entity_id, action, originator)
    values ('case', new.public_id::text, 'proposed', new.proposed_org);
  elsif new.state is distinct from old.state then
    insert into event (kind, entity_id, action, originator)
    values ('case', new.public_id::text, lower(new.state), new.proposed_org);
  end if;
  return null;
end $$;
create trigger event_case after insert or update on joint_case
  for each row execute function event_case();

create function event_case_confirmation() returns trigger language plpgsql as $$
begin
  insert into event (kind, entity_id, action, originator)
  select 'case', c.public_id::text, 'confirmed', new.org_code
  from joint_case c
  where c.id = new.case_id and new.decision = 'CONFIRMED' and new.org_code <> c.proposed_org
    and c.state = 'PROPOSED';
  return null;
end $$;
create trigger event_case_confirmation after insert on joint_case_confirmation
  for each row execute function event_case_confirmation();

-- Incidents added to a case after it was proposed (the proposal's own rows share its transaction time).
create function event_case_incident() returns trigger language plpgsql as $$
begin
  insert into event (kind, entity_id, action, originator)
  select 'case', c.public_id::text, 'incidents', new.added_org
  from joint_case c
  where c.id = new.case_id and new.added_at > c.proposed_at;
  return null;
end $$;
create trigger event_case_incident after insert on joint_case_incident
  for each row execute function event_case_incident();
