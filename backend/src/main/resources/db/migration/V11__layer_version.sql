-- Layer versions: one counter per map layer, bumped by a statement-level trigger in the same transaction as
-- any write to the tables the layer is drawn from. Tile URLs, TileJSON and ETags carry the version, so a cached
-- tile or response is never stale after a commit (a new version is a new URL), and several server instances
-- agree without talking to each other. Statement-level: a COPY of 100,000 incidents bumps the version once.
-- A rollback undoes the bump with the write. Derived layers (hot segments, Gi* cells) follow the incidents
-- layer; the segments layer also follows the status history and sign-offs.
create table layer_version (
  layer       text primary key check (layer ~ '^[a-z][a-z0-9-]{0,30}$'),
  version     bigint not null default 1,
  changed_at  timestamptz not null default now()
);

insert into layer_version (layer) values
  ('segments'), ('pillars'), ('incidents'), ('inspections'), ('disputed-areas'), ('patrol-bases'), ('network');

create function bump_layer_version() returns trigger language plpgsql as $$
begin
  update layer_version set version = version + 1, changed_at = now() where layer = tg_argv[0];
  return null;
end $$;

create trigger border_segment_layer after insert or update or delete or truncate on border_segment
  for each statement execute function bump_layer_version('segments');
create trigger segment_status_change_layer after insert or update or delete or truncate on segment_status_change
  for each statement execute function bump_layer_version('segments');
create trigger segment_signoff_layer after insert or update or delete or truncate on segment_signoff
  for each statement execute function bump_layer_version('segments');
create trigger pillar_layer after insert or update or delete or truncate on pillar
  for each statement execute function bump_layer_version('pillars');
create trigger pillar_status_change_layer after insert or update or delete or truncate on pillar_status_change
  for each statement execute function bump_layer_version('pillars');
create trigger incident_layer after insert or update or delete or truncate on incident
  for each statement execute function bump_layer_version('incidents');
create trigger inspection_layer after insert or update or delete or truncate on inspection
  for each statement execute function bump_layer_version('inspections');
create trigger inspection_segment_layer after insert or update or delete or truncate on inspection_segment
  for each statement execute function bump_layer_version('inspections');
create trigger disputed_area_layer after insert or update or delete or truncate on disputed_area
  for each statement execute function bump_layer_version('disputed-areas');
create trigger patrol_base_layer after insert or update or delete or truncate on patrol_base
  for each statement execute function bump_layer_version('patrol-bases');
create trigger network_edge_layer after insert or update or delete or truncate on network_edge
  for each statement execute function bump_layer_version('network');
