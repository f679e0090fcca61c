-- A data model for scale (issue 10, item 3; docs/SCALING.md has the measurements at 1,000,000 incidents).
set local statement_timeout = '60min';

-- 1. UTM coordinates stored. Every metric analysis (Gi*, emerging, density, DBSCAN, the rollup's cells) works in
-- UTM zone 48N; transforming each row per query was ~75 % of a Gi* scan. ST_Transform is IMMUTABLE in PostGIS 3
-- (pg_proc.provolatile = 'i'), so a stored generated column is allowed: the database keeps it in step with geom
-- on every insert, update and COPY, and no writer (API, bulk loader, COPY, hand-written SQL) can get it wrong.
-- Readers use i.utm; no query transforms incident rows any more.
alter table incident add column utm geometry(Point, 32648) generated always as (st_transform(geom, 32648)) stored;

-- 2. Indexes that earn their keep (EXPLAIN of every incident query path at 1M rows in docs/SCALING.md):
--    kept:    incident_pkey (joins, audit), incident_public_id_key (every API read by id), incident_geom_gix (bbox
--             lists and tiles, in the table's SRID), incident_occurred_idx (time windows, newest-first pages,
--             min/max of the emerging view; the one index CLUSTER orders by), incident_segment_idx (the foreign
--             key to border_segment: a segment delete or re-import checks it), incident_source_idx (source filter).
--    dropped: incident_visibility_idx (releasability, owner_org): no plan uses it, the predicate matches ~85 % of
--             the rows; incident_type_occurred_idx (type, occurred_at): no plan chose it over the time index once
--             the rows are in time order, and it was the largest index (54 MB at 1M rows).
drop index if exists incident_visibility_idx;
drop index if exists incident_type_occurred_idx;

-- 3. Time locality: the rows in time order, so that a one-year window reads one tenth of the heap instead of every
-- page (measured: 29,883 of 30,872 pages before). The API inserts in time order anyway (occurred_at ~ now); bulk
-- imports insert each file ordered by occurred_at; CLUSTER restores the order after large out-of-order loads
-- (docs/SCALING.md). Declarative partitioning by year was rejected: the primary key and the unique public_id
-- would have to include occurred_at (public_id then no longer unique by itself, every lookup by public id probes
-- each partition), and a change of occurred_at would move rows between tables.
cluster incident using incident_occurred_idx;
analyze incident;
