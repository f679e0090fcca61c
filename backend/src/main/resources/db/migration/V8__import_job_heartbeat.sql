-- Import jobs that a crash cannot leave running forever (issue 8, item 6; docs/OPERATIONS.md).
--
-- instance_id:  the server instance that queued and runs the job (borderzone.import.instance-id).
-- heartbeat_at: refreshed every few seconds while that instance has the job queued or running; a job whose
--               heartbeat is stale belongs to a dead instance and is marked FAILED by any live one (and a
--               restarted instance fails its own unfinished jobs at once).
-- loaded_count: rows inserted so far by the job's still uncommitted transaction: progress only. imported_count
--               is written with DONE in that same transaction, so it never counts rows that are not committed.
alter table incident_import_job
  add column instance_id  text,
  add column heartbeat_at timestamptz,
  add column loaded_count integer not null default 0;

-- Jobs interrupted before this migration (they read VALIDATING/LOADING forever) claimed rows that were never
-- committed; no unfinished or failed job has imported anything.
update incident_import_job set imported_count = 0 where state <> 'DONE' and imported_count <> 0;
alter table incident_import_job
  add constraint incident_import_job_imported_only_when_done check (state = 'DONE' or imported_count = 0);

create index incident_import_job_unfinished_idx on incident_import_job (heartbeat_at)
  where state in ('QUEUED', 'VALIDATING', 'LOADING');
