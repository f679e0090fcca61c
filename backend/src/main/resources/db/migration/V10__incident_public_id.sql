-- Public incident ids (issue 8, item 10): the bigserial id is one sequence over every organisation, so a
-- client that sees two of its own incidents could count the other country's NATIONAL reports made between
-- them. Outside the server an incident is known only by public_id, a UUIDv7 (48 bits of milliseconds, then
-- 74 random bits): unguessable, and telling nothing but the time of the insert, which reportedAt shows anyway.
-- The sequence stays internal (joins, ordering, the bulk loader's staging).

-- UUIDv7 (RFC 9562) from gen_random_uuid() (version 4): the first 48 bits become the Unix time in ms and the
-- version nibble 4 becomes 7 (set_bit numbers bits from the least significant within each byte: 52 and 53
-- are bits 4 and 5 of byte 6). PostgreSQL 18 has uuidv7(); 15 does not.
create function uuid_v7() returns uuid language sql volatile parallel safe as $$
  select encode(
           set_bit(set_bit(
             overlay(uuid_send(gen_random_uuid())
                     placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                     from 1 for 6),
             52, 1), 53, 1),
           'hex')::uuid
$$;

-- A volatile default: every existing row gets its own value while the table is rewritten; every insert (the
-- API, the bulk loader's insert from its staging table, COPY, the demo seeders) gets one without naming it.
alter table incident add column public_id uuid not null default uuid_v7();
create unique index incident_public_id_key on incident (public_id);
