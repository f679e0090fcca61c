-- Incidents: location facts computed by the database on every write, and bulk-import jobs.

-- The country outlines cut into small pieces (at most 64 vertices each) with a GiST index, so that
-- "which country covers this point" tests a few short rings instead of the 11,000- and 21,000-vertex
-- outlines. Kept in step with country by a statement trigger (BorderLoader fills country after migrations).
create table country_part (
  id      serial primary key,
  iso_a2  text not null references country (iso_a2) on delete cascade,
  geom    geometry(Polygon, 4326) not null
);
create index country_part_geom_gix on country_part using gist (geom);

create function country_part_refresh() returns trigger language plpgsql as $$
begin
  delete from country_part;
  insert into country_part (iso_a2, geom)
  select c.iso_a2, (st_dump(st_subdivide(c.geom, 64))).geom from country c;
  return null;
end $$;
create trigger country_part_refresh after insert or update or delete on country
  for each statement execute function country_part_refresh();
insert into country_part (iso_a2, geom)
select c.iso_a2, (st_dump(st_subdivide(c.geom, 64))).geom from country c;

-- KNN in degrees is anisotropic (near 14 deg N a degree of longitude is 0.97 of a degree of latitude);
-- this index orders segments in degrees with longitude scaled by cos(14 deg), within 0.2 % of metres
-- over the whole border (13.9-14.7 deg N). The two nearest candidates go to the geodesic distance.
create index border_segment_knn_gix on border_segment using gist (st_scale(geom, 0.9703, 1));

-- Where an incident point lies relative to the border (EPSG:4326 in; metres on the WGS 84 spheroid out):
--   segment_id   the border segment nearest to the point (geodesic distance decides);
--   distance_m   geodesic distance in metres from the point to that segment (= to the border line);
--   side         'KH' or 'LA': the country whose outline covers the point, else the nearest one
--                (points in Thailand or Vietnam, or in a sliver between the two outlines);
--   disputed     whether a disputed_area polygon covers the point.
-- A one-row set-returning SQL function, so that PostgreSQL inlines it into set-based statements.
create function incident_location(g geometry)
returns table (segment_id integer, distance_m double precision, side text, disputed boolean)
language sql stable parallel safe as $$
  select k.id, k.d,
         coalesce((select min(p.iso_a2) from country_part p where st_covers(p.geom, g)),
                  (select p.iso_a2 from country_part p order by p.geom <-> g limit 1)),
         exists (select 1 from disputed_area d where st_covers(d.geom, g))
  from (select c.id, st_distance(c.geom::geography, g::geography) as d
        from (select s.id, s.geom from border_segment s
              order by st_scale(s.geom, 0.9703, 1) <-> st_scale(g, 0.9703, 1) limit 2) c
        order by 2, 1 limit 1) k
  union all
  select null, null, null, false where not exists (select 1 from border_segment)
$$;

-- Every insert, and every update that moves the point, gets its location computed here: the API, bulk
-- imports, COPY and hand-written SQL alike. (Measured: a set-based insert joining incident_location()
-- was no faster than this row trigger, so there is no bypass.)
create function incident_locate() returns trigger language plpgsql as $$
declare
  loc record;
begin
  if tg_op = 'UPDATE' and new.geom is not distinct from old.geom then
    return new;
  end if;
  select * into loc from incident_location(new.geom);
  new.nearest_segment_id := loc.segment_id;
  new.distance_to_border_m := loc.distance_m;
  new.side := loc.side;
  new.in_disputed_area := coalesce(loc.disputed, false);
  return new;
end $$;
create trigger incident_locate before insert or update of geom on incident
  for each row execute function incident_locate();

create index incident_type_occurred_idx on incident (type, occurred_at);
create index incident_source_idx on incident (source);

-- Bulk imports (POST /api/incidents/import). Large ones run as jobs; their state lives here so that any
-- server instance can answer GET /api/incidents/import/jobs/{id}.
create table incident_import_job (
  id              uuid primary key,
  state           text not null default 'QUEUED'
                  check (state in ('QUEUED', 'VALIDATING', 'LOADING', 'DONE', 'FAILED')),
  format          text not null check (format in ('CSV', 'GEOJSON')),
  rows_total      integer,
  rows_done       integer not null default 0,
  imported_count  integer not null default 0,
  error_count     integer not null default 0,
  errors          jsonb not null default '[]'::jsonb,
  message         text,
  created_by      text not null,
  owner_org       text not null references organisation (code),
  created_at      timestamptz not null default now(),
  started_at      timestamptz,
  finished_at     timestamptz
);
create index incident_import_job_created_idx on incident_import_job (created_at);
