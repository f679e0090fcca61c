-- The incident rollup (issue 10, item 3; docs/SCALING.md): visible-incident counts per UTC day × fine cell × type
-- × status × visibility (owner_org + releasability), with what the readers need to give the same answer as the
-- raw rows: the 1 km and 2 km hexagons of the Gi* / emerging grid, the nearest segment and the distance to the
-- border in whole km (hot segments). Maintained in the writing transaction by statement-level triggers with
-- transition tables, which fire for the API's inserts, the bulk loader, COPY and hand-written SQL alike, and for
-- status changes, moves and deletes (a net delta per key: an update that changes none of the keys costs a
-- grouping of its rows and writes nothing).
set local statement_timeout = '60min';

-- The hexagon of ST_HexagonGrid(a) holding UTM point (x, y), as the key i·2³² + (j + 2³¹): the same arithmetic,
-- operation for operation, as HotspotSql.HEX_KEY (so the float results are identical; HotspotRollupIT checks it).
-- Not STRICT, so that PostgreSQL inlines it into the calling statement (a strict SQL function whose body is not
-- strict, like this CASE, is called per row instead: 8 s instead of 1 s for the keys of 100,000 rows).
create function incident_hex_key(x float8, y float8, a float8) returns bigint
language sql immutable parallel safe as $$
  select case when (x - 3 * a * round(x / (3 * a))) ^ 2
                   + (y - sqrt(3) * a * round(y / (sqrt(3) * a))) ^ 2
                <= (x - 3 * a * round((x - 1.5 * a) / (3 * a)) - 1.5 * a) ^ 2
                   + (y - sqrt(3) * a * round((y - sqrt(3) / 2 * a) / (sqrt(3) * a)) - sqrt(3) / 2 * a) ^ 2
              then (2 * round(x / (3 * a))::bigint) * 4294967296
                   + round(y / (sqrt(3) * a))::bigint + 2147483648
              else (2 * round((x - 1.5 * a) / (3 * a))::bigint + 1) * 4294967296
                   + round((y - sqrt(3) / 2 * a) / (sqrt(3) * a))::bigint + 2147483648
         end
$$;

-- The distance to the border in whole km as the hot segments filter it: the smallest k with d <= k km (so that
-- "d <= M km" is exactly "k <= M" for every whole M, whatever the rounding of d / 1000), 101 beyond 100 km, -1 none.
create function incident_dist_km(d float8) returns smallint
language sql immutable parallel safe as $$
  select (case when d is null then -1
               when d > 100000 then 101
               when d <= (ceil(d / 1000) - 1) * 1000 then ceil(d / 1000) - 1
               when d > ceil(d / 1000) * 1000 then ceil(d / 1000) + 1
               else ceil(d / 1000) end)::smallint
$$;

-- The fine cell is a 1 km UTM square (cx, cy = floor(x / 1000), floor(y / 1000); centre ((cx + 0.5) km,
-- (cy + 0.5) km)): at the map's aggregated zooms (z6-z11) a cell is 1-3 px of a 256 px tile, the smallest Gi* hexagon
-- (0.5 km edge) is 0.65 km², and a finer cell would split almost every row further without helping any reader.
-- segment_id 0 = no nearest segment (no border loaded); dist_km: incident_dist_km(distance_to_border_m).
create table incident_rollup (
  day            date not null,
  cx             integer not null,
  cy             integer not null,
  hex1           bigint not null,
  hex2           bigint not null,
  type           text not null,
  status         text not null,
  owner_org      text not null,
  releasability  text not null,
  segment_id     integer not null,
  dist_km        smallint not null,
  n              integer not null,
  primary key (day, cx, cy, hex1, hex2, type, status, owner_org, releasability, segment_id, dist_km)
);

-- The keys a delete or update brought to 0, found without scanning the rollup (the index is empty between writes).
create index incident_rollup_empty on incident_rollup (day) where n = 0;

comment on table incident_rollup is
  'Incident counts per UTC day, 1 km UTM cell, Gi* hexagons (1 and 2 km), type, status, visibility, nearest segment '
  'and whole-km distance; maintained by the incident_rollup_* triggers (V13); readers filter with '
  'Releasability.predicate("r").';

-- The rollup key is written out in each statement below: PL/pgSQL cannot take a transition table as an argument.

create function incident_rollup_insert() returns trigger language plpgsql as $$
begin
  insert into incident_rollup as r (day, cx, cy, hex1, hex2, type, status, owner_org, releasability, segment_id,
                                    dist_km, n)
  select (t.occurred_at at time zone 'UTC')::date, floor(st_x(t.utm) / 1000)::int, floor(st_y(t.utm) / 1000)::int,
         incident_hex_key(st_x(t.utm), st_y(t.utm), 1000), incident_hex_key(st_x(t.utm), st_y(t.utm), 2000),
         t.type, t.status, t.owner_org, t.releasability, coalesce(t.nearest_segment_id, 0),
         incident_dist_km(t.distance_to_border_m), count(*)
  from new_rows t
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
  order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
  on conflict (day, cx, cy, hex1, hex2, type, status, owner_org, releasability, segment_id, dist_km)
  do update set n = r.n + excluded.n;
  return null;
end $$;

-- Deletes and updates: the net change per key (+1 per new row, -1 per old row), applied in key order (so two
-- concurrent writers lock rollup rows in the same order); then the keys that reached 0 go (incident_rollup_empty).
-- (Each branch's statement is planned only when it first runs, so the DELETE branch never sees new_rows.)
create function incident_rollup_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    insert into incident_rollup as r (day, cx, cy, hex1, hex2, type, status, owner_org, releasability, segment_id,
                                      dist_km, n)
    select day, cx, cy, hex1, hex2, type, status, owner_org, releasability, segment_id, dist_km, sum(d)
    from (
      select (t.occurred_at at time zone 'UTC')::date as day, floor(st_x(t.utm) / 1000)::int as cx,
             floor(st_y(t.utm) / 1000)::int as cy, incident_hex_key(st_x(t.utm), st_y(t.utm), 1000) as hex1,
             incident_hex_key(st_x(t.utm), st_y(t.utm), 2000) as hex2, t.type, t.status, t.owner_org,
             t.releasability, coalesce(t.nearest_segment_id, 0) as segment_id,
             incident_dist_km(t.distance_to_border_m) as dist_km, -1 as d
      from old_rows t
      union all
      select (t.occurred_at at time zone 'UTC')::date as day, floor(st_x(t.utm) / 1000)::int as cx,
             floor(st_y(t.utm) / 1000)::int as cy, incident_hex_key(st_x(t.utm), st_y(t.utm), 1000) as hex1,
             incident_hex_key(st_x(t.utm), st_y(t.utm), 2000) as hex2, t.type, t.status, t.owner_org,
             t.releasability, coalesce(t.nearest_segment_id, 0) as segment_id,
             incident_dist_km(t.distance_to_border_m) as dist_km, 1 as d
      from new_rows t
    ) x
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    having sum(d) <> 0
    order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    on conflict (day, cx, cy, hex1, hex2, type, status, owner_org, releasability, segment_id, dist_km)
    do update set n = r.n + excluded.n;
  else
    insert into incident_rollup as r (day, cx, cy, hex1, hex2, type, status, owner_org, releasability, segment_id,
                                      dist_km, n)
    select (t.occurred_at at time zone 'UTC')::date as day, floor(st_x(t.utm) / 1000)::int as cx,
             floor(st_y(t.utm) / 1000)::int as cy, incident_hex_key(st_x(t.utm), st_y(t.utm), 1000) as hex1,
             incident_hex_key(st_x(t.utm), st_y(t.utm), 2000) as hex2, t.type, t.status, t.owner_org,
             t.releasability, coalesce(t.nearest_segment_id, 0) as segment_id,
             incident_dist_km(t.distance_to_border_m) as dist_km, -count(*)
    from old_rows t
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    on conflict (day, cx, cy, hex1, hex2, type, status, owner_org, releasability, segment_id, dist_km)
    do update set n = r.n + excluded.n;
  end if;
  delete from incident_rollup where n = 0;
  return null;
end $$;

create function incident_rollup_truncate() returns trigger language plpgsql as $$
begin
  delete from incident_rollup;
  return null;
end $$;

create trigger incident_rollup_insert after insert on incident referencing new table as new_rows
  for each statement execute function incident_rollup_insert();
create trigger incident_rollup_update after update on incident referencing old table as old_rows new table as new_rows
  for each statement execute function incident_rollup_change();
create trigger incident_rollup_delete after delete on incident referencing old table as old_rows
  for each statement execute function incident_rollup_change();
create trigger incident_rollup_truncate after truncate on incident
  for each statement execute function incident_rollup_truncate();

-- The rows there are now, stored in day order (as later time-ordered writes append them).
insert into incident_rollup (day, cx, cy, hex1, hex2, type, status, owner_org, releasability, segment_id, dist_km, n)
select (t.occurred_at at time zone 'UTC')::date, floor(st_x(t.utm) / 1000)::int, floor(st_y(t.utm) / 1000)::int,
       incident_hex_key(st_x(t.utm), st_y(t.utm), 1000), incident_hex_key(st_x(t.utm), st_y(t.utm), 2000),
       t.type, t.status, t.owner_org, t.releasability, coalesce(t.nearest_segment_id, 0),
       incident_dist_km(t.distance_to_border_m), count(*)
from incident t
group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
analyze incident_rollup;
