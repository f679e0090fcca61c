-- Bulk imports compute incident locations themselves (IncidentLocator, the same rules as incident_location(),
-- checked against it by IncidentLocatorIT) and insert rows with the location columns filled. The insert trigger
-- skips exactly those rows: the location is set (nearest_segment_id not null) AND the transaction-local setting
-- borderzone.prelocated is 'on', which only the bulk loader sets, around its own insert from the staging table
-- (no API accepts location columns, and no request can change a setting). Every other insert (API, COPY,
-- hand-written SQL, even one that sends location columns) and every update that moves the point is computed here.
drop trigger incident_locate on incident;
create trigger incident_locate before insert on incident
  for each row
  when (new.nearest_segment_id is null or current_setting('borderzone.prelocated', true) is distinct from 'on')
  execute function incident_locate();
create trigger incident_locate_moved before update of geom on incident
  for each row execute function incident_locate();
