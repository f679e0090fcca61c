-- Borderzone domain model (see ../shared/DESIGN.md). All geometry is EPSG:4326 (lon/lat, WGS 84);
-- lengths and distances are metres on the WGS 84 spheroid (geography) unless a column says otherwise.
-- Extensions (postgis, pgrouting) are created by the provisioning step with a superuser; this is a guard.
create extension if not exists postgis;

-- ---------------------------------------------------------------- organisations and users
create table organisation (
  code  text primary key check (code in ('KH', 'LA', 'JBC')),
  name  text not null
);
insert into organisation (code, name) values
  ('KH', 'Kingdom of Cambodia'),
  ('LA', 'Lao People''s Democratic Republic'),
  ('JBC', 'Joint Boundary Commission');

create table app_user (
  id             bigserial primary key,
  username       text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name   text not null,
  password_hash  text not null,
  org_code       text not null references organisation (code),
  role           text not null check (role in ('VIEWER', 'COMMISSION', 'PLANNER', 'PATROL', 'ADMIN')),
  enabled        boolean not null default true,
  created_at     timestamptz not null default now(),
  password_changed_at timestamptz not null default now()
);

-- ---------------------------------------------------------------- reference geography
-- The source boundary line as imported (one row per source), kept to check segment lengths against.
create table border_line (
  id        serial primary key,
  name      text not null,
  source    text not null,
  licence   text not null,
  geom      geometry(LineString, 4326) not null check (st_isvalid(geom)),
  length_m  double precision not null
);

-- Country outlines for the offline base map and for "which side of the border" questions.
create table country (
  iso_a2    text primary key check (iso_a2 in ('KH', 'LA')),
  name      text not null,
  source    text not null,
  licence   text not null,
  geom      geometry(MultiPolygon, 4326) not null check (st_isvalid(geom))
);
create index country_geom_gix on country using gist (geom);

create table province (
  adm1_code  text primary key,
  name       text not null,
  country    text not null check (country in ('KH', 'LA')),
  geom       geometry(MultiPolygon, 4326) not null check (st_isvalid(geom))
);
create index province_geom_gix on province using gist (geom);

create table place (
  geonameid   bigint primary key,
  name        text not null,
  country     text not null check (country in ('KH', 'LA')),
  population  integer,
  geom        geometry(Point, 4326) not null
);
create index place_geom_gix on place using gist (geom);

-- ---------------------------------------------------------------- border segments
create table sector (
  id           serial primary key,
  code         text not null unique,
  name         text not null,
  kh_province  text not null,
  la_province  text not null,
  ordinal      integer not null unique
);

create table border_segment (
  id            serial primary key,
  code          text not null unique check (code ~ '^KH-LA-[0-9]{3,}$'),
  seq           integer not null unique,
  sector_id     integer not null references sector (id),
  geom          geometry(LineString, 4326) not null check (st_isvalid(geom)),
  length_m      double precision not null check (length_m > 0),
  status        text not null default 'PENDING'
                check (status in ('PENDING', 'SURVEYED', 'DEMARCATED', 'RATIFIED', 'DISPUTED')),
  status_since  timestamptz not null default now(),
  version       integer not null default 0,
  notes         text
);
create index border_segment_geom_gix on border_segment using gist (geom);
create index border_segment_sector_idx on border_segment (sector_id);

create table disputed_area (
  id     serial primary key,
  name   text not null,
  geom   geometry(MultiPolygon, 4326) not null check (st_isvalid(geom)),
  notes  text
);
create index disputed_area_geom_gix on disputed_area using gist (geom);

create table disputed_area_segment (
  disputed_area_id  integer not null references disputed_area (id) on delete cascade,
  segment_id        integer not null references border_segment (id),
  primary key (disputed_area_id, segment_id)
);

-- ---------------------------------------------------------------- pillars
create table pillar (
  id                 serial primary key,
  number             text not null unique check (number ~ '^P-[0-9]{3,}$'),
  seq                integer not null unique,
  geom               geometry(Point, 4326) not null,
  segment_id         integer not null references border_segment (id),
  status             text not null default 'PLANNED'
                     check (status in ('PLANNED', 'PLACED', 'VERIFIED', 'DAMAGED', 'MISSING')),
  status_since       timestamptz not null default now(),
  placed_on          date,
  last_inspected_at  timestamptz,
  version            integer not null default 0
);
create index pillar_geom_gix on pillar using gist (geom);
create index pillar_segment_idx on pillar (segment_id);

-- ---------------------------------------------------------------- joint inspections
create table inspection (
  id             bigserial primary key,
  inspected_on   date not null,
  organisations  text[] not null check (cardinality(organisations) >= 1
                   and organisations <@ array['KH', 'LA', 'JBC']::text[]),
  outcome        text not null check (outcome in ('SATISFACTORY', 'ISSUES_FOUND', 'FOLLOW_UP_REQUIRED')),
  minutes_ref    text,
  notes          text,
  recorded_by    text not null,
  recorded_org   text references organisation (code),
  recorded_at    timestamptz not null default now()
);
create index inspection_date_idx on inspection (inspected_on);

create table inspection_segment (
  inspection_id  bigint not null references inspection (id) on delete cascade,
  segment_id     integer not null references border_segment (id),
  primary key (inspection_id, segment_id)
);
create index inspection_segment_segment_idx on inspection_segment (segment_id);

create table inspection_finding (
  id              bigserial primary key,
  inspection_id   bigint not null references inspection (id) on delete cascade,
  pillar_id       integer not null references pillar (id),
  condition       text not null check (condition in ('GOOD', 'DAMAGED', 'MISSING', 'DISPLACED')),
  measured_geom   geometry(Point, 4326),
  offset_m        double precision check (offset_m >= 0),
  notes           text,
  unique (inspection_id, pillar_id)
);
create index inspection_finding_pillar_idx on inspection_finding (pillar_id);

-- ---------------------------------------------------------------- status history
create table segment_status_change (
  id             bigserial primary key,
  segment_id     integer not null references border_segment (id),
  from_status    text check (from_status in ('PENDING', 'SURVEYED', 'DEMARCATED', 'RATIFIED', 'DISPUTED')),
  to_status      text not null check (to_status in ('PENDING', 'SURVEYED', 'DEMARCATED', 'RATIFIED', 'DISPUTED')),
  at             timestamptz not null default now(),
  by_user        text not null,
  by_org         text references organisation (code),
  reason         text,
  inspection_id  bigint references inspection (id)
);
create index segment_status_change_segment_idx on segment_status_change (segment_id, at);
create index segment_status_change_at_idx on segment_status_change (at);

-- Two-party sign-off: a move to DEMARCATED or RATIFIED waits until a KH and an LA commission member
-- have both signed. Open signatures are those with applied_at null.
create table segment_signoff (
  id             bigserial primary key,
  segment_id     integer not null references border_segment (id),
  to_status      text not null check (to_status in ('DEMARCATED', 'RATIFIED')),
  org_code       text not null check (org_code in ('KH', 'LA')),
  signed_by      text not null,
  signed_at      timestamptz not null default now(),
  reason         text,
  inspection_id  bigint references inspection (id),
  applied_at     timestamptz
);
create unique index segment_signoff_open_uq on segment_signoff (segment_id, to_status, org_code)
  where applied_at is null;

create table pillar_status_change (
  id             bigserial primary key,
  pillar_id      integer not null references pillar (id),
  from_status    text,
  to_status      text not null,
  at             timestamptz not null default now(),
  by_user        text not null,
  reason         text,
  inspection_id  bigint references inspection (id)
);
create index pillar_status_change_pillar_idx on pillar_status_change (pillar_id, at);

-- ---------------------------------------------------------------- incidents
create table incident (
  id                    bigserial primary key,
  occurred_at           timestamptz not null,
  reported_at           timestamptz not null default now(),
  geom                  geometry(Point, 4326) not null,
  type                  text not null check (type in ('DRUG_TRAFFICKING', 'HUMAN_TRAFFICKING', 'SMUGGLING',
                          'ILLEGAL_LOGGING', 'WILDLIFE_TRAFFICKING', 'ILLEGAL_CROSSING', 'ARMED_INCURSION',
                          'TERRORISM', 'UXO', 'DISASTER', 'OTHER')),
  severity              smallint not null check (severity between 1 and 5),
  status                text not null default 'REPORTED'
                        check (status in ('REPORTED', 'VERIFIED', 'CLOSED', 'DISMISSED')),
  description           text,
  source                text,
  owner_org             text not null references organisation (code),
  releasability         text not null check (releasability in ('SHARED', 'NATIONAL')),
  nearest_segment_id    integer references border_segment (id),
  distance_to_border_m  double precision,
  side                  text check (side in ('KH', 'LA')),
  in_disputed_area      boolean not null default false,
  created_by            text not null,
  version               integer not null default 0
);
create index incident_geom_gix on incident using gist (geom);
create index incident_occurred_idx on incident (occurred_at);
create index incident_visibility_idx on incident (releasability, owner_org);
create index incident_segment_idx on incident (nearest_segment_id);

-- ---------------------------------------------------------------- patrols
create table patrol_base (
  id        serial primary key,
  name      text not null,
  kind      text not null check (kind in ('CHECKPOINT', 'POST', 'BASE')),
  org_code  text not null references organisation (code),
  side      text check (side in ('KH', 'LA')),
  geom      geometry(Point, 4326) not null,
  notes     text,
  version   integer not null default 0
);
create index patrol_base_geom_gix on patrol_base using gist (geom);

create table network_edge (
  id           bigserial primary key,
  source       bigint,
  target       bigint,
  kind         text not null check (kind in ('road', 'track', 'trail', 'ferry')),
  name         text,
  side         text check (side in ('KH', 'LA', 'BOTH')),
  geom         geometry(LineString, 4326) not null check (st_isvalid(geom)),
  length_m     double precision not null check (length_m >= 0),
  cost_factor  double precision not null default 1.0 check (cost_factor > 0)
);
create index network_edge_geom_gix on network_edge using gist (geom);
create index network_edge_source_idx on network_edge (source);
create index network_edge_target_idx on network_edge (target);

create table patrol_plan (
  id            bigserial primary key,
  name          text not null,
  base_id       integer references patrol_base (id),
  owner_org     text not null references organisation (code),
  created_by    text not null,
  created_at    timestamptz not null default now(),
  mode          text not null check (mode in ('point-to-point', 'loop', 'auto', 'teams')),
  profile       text not null check (profile in ('foot', 'vehicle')),
  stops         jsonb not null default '[]'::jsonb,
  covered_cells jsonb not null default '[]'::jsonb,
  route_geom    geometry(MultiLineString, 4326),
  length_m      double precision,
  duration_s    double precision,
  status        text not null default 'PLANNED' check (status in ('PLANNED', 'DONE', 'CANCELLED')),
  planned_for   date,
  version       integer not null default 0
);
create index patrol_plan_geom_gix on patrol_plan using gist (route_geom);

-- ---------------------------------------------------------------- audit (append-only)
create table audit_event (
  id              bigserial primary key,
  at              timestamptz not null default now(),
  username        text not null,
  org_code        text,
  action          text not null,
  entity          text not null,
  entity_id       text,
  before          jsonb,
  after           jsonb,
  client_address  text
);
create index audit_event_at_idx on audit_event (at);
create index audit_event_entity_idx on audit_event (entity, entity_id);
create index audit_event_user_idx on audit_event (username);

create function audit_event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % refused', tg_op using errcode = '42501';
end $$;
create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function audit_event_append_only();
