-- The bilateral exchange (issue 12, docs/EXCHANGE.md): liaison messages, explicit releases of national incidents,
-- joint cases and commission meetings. Who told whom what and when is the record itself, so nothing here is ever
-- deleted: the app role may insert and update (states move forward, with who and when) but not delete; the
-- audit trail (audit_event) keeps every write as well.
--
-- Organisations are rows of `organisation` (V1, V7): every party column references it, so a third party
-- (Vietnam at the eastern tri-point) takes part by being added there; no code list is repeated here.
-- Times are timestamptz; the server computes every derived column (deadlines, states, parties, hashes).

-- ---------------------------------------------------------------- 1. liaison messages
-- A thread is one subject between a sender organisation and an addressee (the other side or the joint body).
-- Readers: members of from_org and to_org, nobody else (exchange/ExchangeVisibility).
create table liaison_thread (
  id          bigserial primary key,
  public_id   uuid not null unique default gen_random_uuid(),
  subject     text not null check (length(subject) between 1 and 200),
  from_org    text not null references organisation (code),
  to_org      text not null references organisation (code),
  created_by  text not null,
  created_at  timestamptz not null default now(),
  check (from_org <> to_org)
);
create index liaison_thread_orgs_idx on liaison_thread (from_org, to_org);

-- kind:       ALERT | RFI (request for information) | RESPONSE | DISASTER_NOTICE
-- precedence: FLASH | IMMEDIATE | PRIORITY | ROUTINE; ack_due_at and due_at (the response deadline) are
--             sent_at + the precedence's deadlines (borderzone.exchange.deadlines.*), computed by the server.
-- state:      SENT -> ACKNOWLEDGED -> ANSWERED -> CLOSED (forward only; who and when in the *_by/*_at pairs and
--             in liaison_state_change). A RESPONSE message answers in_reply_to, which moves that one to ANSWERED.
-- area:       an optional drawn area (valid polygon, EPSG:4326) the message is about.
create table liaison_message (
  id               bigserial primary key,
  public_id        uuid not null unique default gen_random_uuid(),
  thread_id        bigint not null references liaison_thread (id),
  in_reply_to      bigint references liaison_message (id),
  kind             text not null check (kind in ('ALERT', 'RFI', 'RESPONSE', 'DISASTER_NOTICE')),
  precedence       text not null check (precedence in ('FLASH', 'IMMEDIATE', 'PRIORITY', 'ROUTINE')),
  from_org         text not null references organisation (code),
  to_org           text not null references organisation (code),
  body             text not null check (length(body) between 1 and 20000),
  area             geometry(MultiPolygon, 4326) check (area is null or st_isvalid(area)),
  sent_by          text not null,
  sent_at          timestamptz not null default now(),
  ack_due_at       timestamptz not null,
  due_at           timestamptz not null,
  state            text not null default 'SENT' check (state in ('SENT', 'ACKNOWLEDGED', 'ANSWERED', 'CLOSED')),
  acknowledged_by  text,
  acknowledged_at  timestamptz,
  answered_by      text,
  answered_at      timestamptz,
  answer_id        bigint references liaison_message (id),
  closed_by        text,
  closed_at        timestamptz,
  version          integer not null default 0,
  check (from_org <> to_org),
  check (ack_due_at >= sent_at and due_at >= ack_due_at),
  check ((state = 'SENT') = (acknowledged_at is null)),
  check (state not in ('SENT', 'ACKNOWLEDGED') or answered_at is null),
  check (state <> 'CLOSED' or closed_at is not null)
);
create index liaison_message_thread_idx on liaison_message (thread_id, sent_at);
create index liaison_message_to_idx on liaison_message (to_org, state);
create index liaison_message_from_idx on liaison_message (from_org, sent_at);
create index liaison_message_sent_idx on liaison_message (sent_at);

-- What a message is about: incidents (public id), segments (code), pillars (id), places (id).
-- An attachment is only shown to a reader who may read what it names (an incident by Releasability).
create table liaison_attachment (
  message_id  bigint not null references liaison_message (id),
  ref_kind    text not null check (ref_kind in ('incident', 'segment', 'pillar', 'place')),
  ref_id      text not null check (length(ref_id) between 1 and 64),
  primary key (message_id, ref_kind, ref_id)
);

-- Every state change, with who and when (the message row keeps the latest of each).
create table liaison_state_change (
  id          bigserial primary key,
  message_id  bigint not null references liaison_message (id),
  from_state  text,
  to_state    text not null,
  by_user     text not null,
  by_org      text not null references organisation (code),
  at          timestamptz not null default now()
);
create index liaison_state_change_message_idx on liaison_state_change (message_id, at);

-- Unread marks are per user: a message is unread for a member of the addressee until that user opened it.
create table liaison_read (
  message_id  bigint not null references liaison_message (id),
  username    text not null,
  read_at     timestamptz not null default now(),
  primary key (message_id, username)
);

-- ---------------------------------------------------------------- 2. explicit releases
-- The owner of a NATIONAL incident releases it to one named party (one row per party), whole or with named
-- fields withheld, with a reason. A withdrawal sets withdrawn_*; the row stays (the record that the party saw
-- it, never the content). At most one open (not withdrawn) release per incident and party.
-- Releasability (incidents/Releasability) reads this table: SHARED, or the owner, or an open release to the
-- reader's organisation.
create table incident_release (
  id                bigserial primary key,
  incident_id       bigint not null references incident (id),
  to_org            text not null references organisation (code),
  withheld          text[] not null default '{}'
                    check (withheld <@ array['description', 'source', 'reporter', 'photos', 'location_detail']::text[]),
  reason            text not null check (length(reason) between 1 and 2000),
  released_by       text not null,
  released_org      text not null references organisation (code),
  released_at       timestamptz not null default now(),
  withdrawn_by      text,
  withdrawn_at      timestamptz,
  withdrawn_reason  text,
  check (to_org <> released_org),
  check ((withdrawn_at is null) = (withdrawn_by is null))
);
create unique index incident_release_open_uq on incident_release (incident_id, to_org) where withdrawn_at is null;
create index incident_release_to_idx on incident_release (to_org, incident_id) where withdrawn_at is null;
create index incident_release_at_idx on incident_release (released_at);

-- ---------------------------------------------------------------- 3. joint cases
-- A case links incidents of the parties that are one event. state: PROPOSED (by one party) -> OPEN (confirmed
-- by every party, opened_at set) -> CLOSED; or PROPOSED -> REJECTED. parties: the owner organisations of its
-- incidents, computed by the server. Readers: members of the parties.
create table joint_case (
  id              bigserial primary key,
  public_id       uuid not null unique default gen_random_uuid(),
  title           text not null check (length(title) between 1 and 200),
  kind            text not null check (kind in ('CROSS_BORDER_PURSUIT', 'TRAFFICKING_ROUTE', 'SAME_EVENT', 'OTHER')),
  state           text not null default 'PROPOSED' check (state in ('PROPOSED', 'OPEN', 'CLOSED', 'REJECTED')),
  parties         text[] not null check (cardinality(parties) >= 2),
  proposed_by     text not null,
  proposed_org    text not null references organisation (code),
  proposed_at     timestamptz not null default now(),
  opened_at       timestamptz,
  closed_by       text,
  closed_at       timestamptz,
  closed_reason   text,
  version         integer not null default 0,
  check ((state in ('OPEN', 'CLOSED')) = (opened_at is not null) or state = 'REJECTED'),
  check (state <> 'CLOSED' or closed_at is not null)
);
create index joint_case_state_idx on joint_case (state, proposed_at);

create table joint_case_incident (
  case_id      bigint not null references joint_case (id),
  incident_id  bigint not null references incident (id),
  added_by     text not null,
  added_org    text not null references organisation (code),
  added_at     timestamptz not null default now(),
  primary key (case_id, incident_id)
);
create index joint_case_incident_incident_idx on joint_case_incident (incident_id);

create table joint_case_confirmation (
  case_id       bigint not null references joint_case (id),
  org_code      text not null references organisation (code),
  decision      text not null check (decision in ('CONFIRMED', 'REJECTED')),
  by_user       text not null,
  at            timestamptz not null default now(),
  note          text,
  primary key (case_id, org_code)
);

-- ---------------------------------------------------------------- 4. meetings
-- kind: JBC (boundary commission) | SECURITY (security-cooperation) | TRILATERAL. parties: the organisations
-- that take part (readers: their members). state: PLANNED -> HELD -> APPROVED (minutes signed by every country
-- party, then frozen: minutes, agenda, decisions and attendees never change again; action items still move).
create table meeting (
  id                bigserial primary key,
  public_id         uuid not null unique default gen_random_uuid(),
  kind              text not null check (kind in ('JBC', 'SECURITY', 'TRILATERAL')),
  title             text not null check (length(title) between 1 and 200),
  place             text,
  starts_at         timestamptz not null,
  parties           text[] not null check (cardinality(parties) >= 2),
  state             text not null default 'PLANNED' check (state in ('PLANNED', 'HELD', 'APPROVED')),
  minutes           text,
  minutes_sha256    text,
  frozen_at         timestamptz,
  created_by        text not null,
  created_org       text not null references organisation (code),
  created_at        timestamptz not null default now(),
  version           integer not null default 0,
  check ((state = 'APPROVED') = (frozen_at is not null))
);
create index meeting_starts_idx on meeting (starts_at);

create table meeting_attendee (
  id          bigserial primary key,
  meeting_id  bigint not null references meeting (id),
  org_code    text not null references organisation (code),
  name        text not null check (length(name) between 1 and 200),
  position    text
);
create index meeting_attendee_meeting_idx on meeting_attendee (meeting_id);

-- ref_kind/ref_id: what the item is about (segment code, incident public id, case public id, message public id).
create table agenda_item (
  id          bigserial primary key,
  meeting_id  bigint not null references meeting (id),
  position    integer not null check (position >= 1),
  title       text not null check (length(title) between 1 and 500),
  notes       text,
  ref_kind    text check (ref_kind in ('segment', 'incident', 'case', 'message')),
  ref_id      text,
  check ((ref_kind is null) = (ref_id is null)),
  unique (meeting_id, position)
);

create table meeting_decision (
  id              bigserial primary key,
  meeting_id      bigint not null references meeting (id),
  agenda_item_id  bigint references agenda_item (id),
  text            text not null check (length(text) between 1 and 5000),
  created_by      text not null,
  created_at      timestamptz not null default now()
);
create index meeting_decision_meeting_idx on meeting_decision (meeting_id);

-- state: OPEN -> DONE (done_*), or OPEN -> CANCELLED. Overdue: OPEN and due_date before today.
create table action_item (
  id           bigserial primary key,
  meeting_id   bigint not null references meeting (id),
  decision_id  bigint references meeting_decision (id),
  text         text not null check (length(text) between 1 and 2000),
  owner_org    text not null references organisation (code),
  due_date     date not null,
  state        text not null default 'OPEN' check (state in ('OPEN', 'DONE', 'CANCELLED')),
  done_by      text,
  done_at      timestamptz,
  created_by   text not null,
  created_at   timestamptz not null default now(),
  version      integer not null default 0,
  check ((state = 'OPEN') = (done_at is null))
);
create index action_item_meeting_idx on action_item (meeting_id);
create index action_item_open_idx on action_item (owner_org, due_date) where state = 'OPEN';

-- Minutes sign-off: one signature per country party over the exact text (minutes_sha256); when every country
-- party has signed the same hash the meeting becomes APPROVED and frozen. A signature over an older text lapses.
create table minutes_signoff (
  id              bigserial primary key,
  meeting_id      bigint not null references meeting (id),
  org_code        text not null references organisation (code),
  signed_by       text not null,
  signed_at       timestamptz not null default now(),
  minutes_sha256  text not null,
  lapsed_at       timestamptz
);
create unique index minutes_signoff_open_uq on minutes_signoff (meeting_id, org_code) where lapsed_at is null;

-- ---------------------------------------------------------------- never deleted
do $$
declare
  app text := '${appRole}';
  t text;
begin
  if app = current_user or not exists (select 1 from pg_roles where rolname = app) then
    return; -- one role for both (docs/OPERATIONS.md): nothing to grant; V9 already refused a missing role
  end if;
  foreach t in array array['liaison_thread', 'liaison_message', 'liaison_attachment', 'liaison_state_change',
      'liaison_read', 'incident_release', 'joint_case', 'joint_case_incident', 'joint_case_confirmation',
      'meeting', 'meeting_attendee', 'agenda_item', 'meeting_decision', 'action_item', 'minutes_signoff'] loop
    execute format('revoke delete, truncate on %I from %I', t, app);
  end loop;
end $$;
