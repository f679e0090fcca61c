-- Organisations are data (DESIGN.md): the code list is no longer fixed by a check, and each organisation says
-- what it is. A COUNTRY owns national data and is a side of the border; the JOINT body (the JBC) owns no
-- country's data but takes part in all joint work (system.Organisations, system.Ownership).
alter table organisation drop constraint organisation_code_check;
alter table organisation add constraint organisation_code_format check (code ~ '^[A-Z]{2,10}$');
alter table organisation add column kind text not null default 'COUNTRY' check (kind in ('COUNTRY', 'JOINT'));
update organisation set kind = 'JOINT' where code = 'JBC';

-- An inspection's participants are organisations of the table, not of a literal list.
alter table inspection drop constraint inspection_organisations_check;
create function inspection_organisations_known() returns trigger language plpgsql as $$
begin
  if cardinality(new.organisations) < 1
     or exists (select 1 from unnest(new.organisations) o(code)
                where not exists (select 1 from organisation g where g.code = o.code)) then
    raise exception 'unknown organisation in %', new.organisations using errcode = '23514';
  end if;
  return new;
end $$;
create trigger inspection_organisations_known before insert or update of organisations on inspection
  for each row execute function inspection_organisations_known();
