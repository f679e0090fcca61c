-- Organisations as data (issue 12, item 5; docs/EXCHANGE.md "Organisations"). An administrator of the joint body
-- adds an organisation (a third party such as Viet Nam at the eastern tri-point) without a code change, so no
-- check of the schema may list the codes KH, LA or JBC any more. What stays is geography: the two countries of
-- this border are rows of `country` (the reference outlines), and each border segment says which two countries
-- it separates (country_a, country_b), from which its code and its sign-off parties follow.

-- ---------------------------------------------------------------- the organisation row an administrator keeps
-- name is the English name; name_km and name_lo the Khmer and Lao ones (null: the English one is shown).
-- country_iso: the ISO 3166-1 alpha-2 code of a COUNTRY (null for the joint body). Organisations are never
-- deleted (users, audit rows and exchange rows name them): an inactive one takes no new users.
alter table organisation add column name_km text check (name_km is null or length(name_km) between 1 and 200);
alter table organisation add column name_lo text check (name_lo is null or length(name_lo) between 1 and 200);
alter table organisation add column country_iso text check (country_iso ~ '^[A-Z]{2}$');
alter table organisation add column active boolean not null default true;
alter table organisation add column created_at timestamptz not null default now();
alter table organisation add column created_by text not null default 'system';
alter table organisation add constraint organisation_name_length check (length(name) between 1 and 200);
alter table organisation add constraint organisation_joint_has_no_country
  check (kind = 'COUNTRY' or country_iso is null);
-- at most one joint body: Ownership and Actor.SYSTEM speak of "the" joint body
create unique index organisation_one_joint_body on organisation (kind) where kind = 'JOINT';

-- The three rows V1 seeded (data, not a rule) get their names in Khmer and Lao (docs/GLOSSARY.md 1.3) and the
-- countries their ISO codes.
update organisation set name_km = 'ព្រះរាជាណាចក្រកម្ពុជា', name_lo = 'ພຣະລາຊະອານາຈັກກຳປູເຈຍ', country_iso = 'KH'
  where code = 'KH';
update organisation set name_km = 'សាធារណរដ្ឋប្រជាធិបតេយ្យប្រជាមានិតឡាវ',
    name_lo = 'ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ', country_iso = 'LA'
  where code = 'LA';
update organisation set name_km = 'គណៈកម្មការព្រំដែនចម្រុះ', name_lo = 'ຄະນະກຳມະການຮ່ວມຊາຍແດນ'
  where kind = 'JOINT';

-- ---------------------------------------------------------------- reference geography: keyed by `country`
-- The outlines are of the two countries of this border (the reference data); their codes are no list here.
alter table country drop constraint country_iso_a2_check;
alter table country add constraint country_iso_a2_format check (iso_a2 ~ '^[A-Z]{2}$');
alter table province drop constraint province_country_check;
alter table province add constraint province_country_fk foreign key (country) references country (iso_a2);
alter table place drop constraint place_country_check;
alter table place add constraint place_country_fk foreign key (country) references country (iso_a2);

-- An incident's and a base's side is a country outline (computed from `country` by the locator).
alter table incident drop constraint incident_side_check;
alter table incident add constraint incident_side_fk foreign key (side) references country (iso_a2);
alter table patrol_base drop constraint patrol_base_side_check;
alter table patrol_base add constraint patrol_base_side_fk foreign key (side) references country (iso_a2);

-- A network edge's side: a country, or BOTH when it crosses the line (a foreign key cannot say "or BOTH").
alter table network_edge drop constraint network_edge_side_check;
create function network_edge_side_known() returns trigger language plpgsql as $$
begin
  if new.side is not null and new.side <> 'BOTH'
     and not exists (select 1 from country c where c.iso_a2 = new.side) then
    raise exception 'unknown side %', new.side using errcode = '23514';
  end if;
  return new;
end $$;
create trigger network_edge_side_known before insert or update of side on network_edge
  for each row execute function network_edge_side_known();

-- ---------------------------------------------------------------- a segment's two countries
-- Which two countries a segment separates is data of the segment; its code is <country_a>-<country_b>-<nnn>.
alter table border_segment add column country_a text references country (iso_a2);
alter table border_segment add column country_b text references country (iso_a2);
update border_segment set country_a = split_part(code, '-', 1), country_b = split_part(code, '-', 2);
alter table border_segment alter column country_a set not null;
alter table border_segment alter column country_b set not null;
alter table border_segment add constraint border_segment_two_countries check (country_a <> country_b);
alter table border_segment drop constraint border_segment_code_check;
alter table border_segment add constraint border_segment_code_format
  check (code ~ ('^' || country_a || '-' || country_b || '-[0-9]{3,}$'));

-- A sign-off is given by one of the two countries the segment separates (a third party is no party of it).
alter table segment_signoff drop constraint segment_signoff_org_code_check;
alter table segment_signoff add constraint segment_signoff_org_fk foreign key (org_code) references organisation (code);
create function segment_signoff_party() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from border_segment s where s.id = new.segment_id
                 and new.org_code in (s.country_a, s.country_b)) then
    raise exception 'organisation % is no party of segment %', new.org_code, new.segment_id using errcode = '23514';
  end if;
  return new;
end $$;
create trigger segment_signoff_party before insert or update of org_code, segment_id on segment_signoff
  for each row execute function segment_signoff_party();

-- Organisations are never deleted (users, audit rows, signatures and exchange rows name them): set active false.
create function organisation_never_deleted() returns trigger language plpgsql as $$
begin
  raise exception 'organisation % is never deleted (set active = false)', old.code using errcode = '42501';
end $$;
create trigger organisation_never_deleted before delete on organisation
  for each row execute function organisation_never_deleted();
