-- Explicit releases (issue 12, item 2; docs/EXCHANGE.md "Releases"): what the release part adds to V21's
-- incident_release. Releasability (incidents/Releasability) reads the table directly; this migration adds its
-- public id, the rollup rows of released incidents, and the two side effects of a release or a withdrawal
-- (the incident tiles' version and a live event for the two parties).

-- The API names a release by a public UUID, never by the sequence.
alter table incident_release add column public_id uuid not null unique default gen_random_uuid();

-- The rollup (V13) counts by owner_org + releasability, so it cannot know that a NATIONAL incident was released
-- to a third organisation. The readers of the rollup add these rows (one per open release, n = 1, keyed like a
-- rollup row, plus to_org) for the released party only: Releasability.ROLLUP / rollupPredicate. Released
-- incidents are few (each an explicit act), so computing their keys on the fly costs next to nothing.
create view incident_rollup_released as
select (i.occurred_at at time zone 'UTC')::date as day, floor(st_x(i.utm) / 1000)::int as cx,
       floor(st_y(i.utm) / 1000)::int as cy, incident_hex_key(st_x(i.utm), st_y(i.utm), 1000) as hex1,
       incident_hex_key(st_x(i.utm), st_y(i.utm), 2000) as hex2, i.type, i.status, i.owner_org, i.releasability,
       coalesce(i.nearest_segment_id, 0) as segment_id, incident_dist_km(i.distance_to_border_m) as dist_km,
       1 as n, x.to_org
from incident_release x join incident i on i.id = x.incident_id
where x.withdrawn_at is null and i.releasability = 'NATIONAL' and x.to_org <> i.owner_org;

-- A release or a withdrawal changes what the recipient's incident tiles hold: the tile cache keys on the layer
-- version (V11), so the next tile request of any reader builds anew (no stale tile shows a withdrawn incident).
create trigger incident_release_layer_version after insert or update on incident_release
  for each statement execute function bump_layer_version('incidents');

-- Live updates (V20, docs/LIVE.md): kind 'release', the release's public id, action released | withdrawn,
-- layer incidents (the recipient's map reloads it). live/ReleaseEventRule sends it to the owner and the recipient.
create function event_release() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into event (kind, entity_id, action, layers, originator, releasability)
    values ('release', new.public_id::text, 'released', array['incidents'], new.released_org, 'NATIONAL');
  elsif old.withdrawn_at is null and new.withdrawn_at is not null then
    insert into event (kind, entity_id, action, layers, originator, releasability)
    values ('release', new.public_id::text, 'withdrawn', array['incidents'], new.released_org, 'NATIONAL');
  end if;
  return null;
end $$;
create trigger incident_release_event after insert or update on incident_release
  for each row execute function event_release();
