-- Patrol routing (issue 5): per-edge facts computed once at import, joint plans, the stored route answer.
-- network_edge.border_distance_m: distance of the edge from the border line (metres, geography), used by the
-- national-patrol setback; in_disputed: the edge touches a disputed area (avoided by national patrols).
alter table network_edge add column border_distance_m double precision;
alter table network_edge add column in_disputed boolean not null default false;

alter table patrol_plan add column joint boolean not null default false;
alter table patrol_plan add column route jsonb;
create index patrol_plan_owner_idx on patrol_plan (owner_org, created_at);
