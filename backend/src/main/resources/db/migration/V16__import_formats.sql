-- Incident imports also take KML 2.2 and GeoPackage (docs/IMPORTS.md): the job table records the format.
alter table incident_import_job drop constraint incident_import_job_format_check;
alter table incident_import_job add constraint incident_import_job_format_check
  check (format in ('CSV', 'GEOJSON', 'KML', 'GPKG'));
