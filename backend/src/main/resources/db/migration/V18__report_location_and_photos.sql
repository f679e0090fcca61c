-- A phone built around reporting (issue 11): how each reported point was located, and photos of incidents.

-- How the point of a report was found (all null for imports, the OGC API without them and older rows):
--   location_accuracy_m  the radius in metres of the device's 68 % circle (W3C GeolocationCoordinates.accuracy);
--   location_source      'gps' (the device's fix), 'manual' (typed or dragged), 'map' (a tap on the map),
--                        'photo' (the GPS EXIF of the attached photo, used with the reporter's consent);
--   fix_time             when the fix was taken (the device's clock);
--   device_time          the device's clock when the report was made (tells a wrong clock from an old fix).
-- The server checks the bounds and the configured accuracy limit (IncidentRules); the checks here hold for
-- every writer. NOT VALID + VALIDATE: the table may be large, the new columns are null everywhere.
alter table incident
  add column location_accuracy_m double precision,
  add column location_source     text,
  add column fix_time            timestamptz,
  add column device_time         timestamptz;
alter table incident add constraint incident_location_accuracy_check
  check (location_accuracy_m > 0 and location_accuracy_m <= 10000) not valid;
alter table incident add constraint incident_location_source_check
  check (location_source in ('gps', 'manual', 'map', 'photo')) not valid;
alter table incident validate constraint incident_location_accuracy_check;
alter table incident validate constraint incident_location_source_check;

-- Photos of an incident (POST /api/incidents/{id}/photos): evidence, so append-only for the server's role
-- (insert and select, no update or delete; an incident is never deleted by the API either). n numbers the
-- photos of one incident from 1, in the order they were added; the bytes are stored as sent except for the
-- metadata the server strips (GPS EXIF, XMP, text chunks: IncidentPhotos). Who may read a photo is decided by
-- its incident (Releasability), who may add one by the incident's owner organisation (system.Ownership).
create table incident_photo (
  incident_id   bigint not null references incident (id) on delete cascade,
  n             smallint not null check (n between 1 and 100),
  media_type    text not null check (media_type in ('image/jpeg', 'image/png')),
  bytes         bytea not null check (length(bytes) between 8 and 52428800),
  sha256        bytea not null check (length(sha256) = 32),
  owner_org     text not null references organisation (code),
  created_by    text not null,
  created_at    timestamptz not null default now(),
  primary key (incident_id, n)
);

do $$
declare
  app text := '${appRole}';
begin
  if app = current_user or not exists (select 1 from pg_roles where rolname = app) then
    return; -- one role for both (docs/OPERATIONS.md): nothing to grant; V9 already refused a missing role
  end if;
  execute format('revoke all on incident_photo from %I', app);
  execute format('grant select, insert on incident_photo to %I', app);
end $$;
