-- Joint cases (issue 12, item 3; docs/EXCHANGE.md "Joint cases"): a confirmation is of the case as it was.
-- Incidents added to a PROPOSED case lapse the confirmations the other parties gave before (as an edit of the
-- minutes lapses their signatures, V21 minutes_signoff): the row stays, with who added and when, and the party
-- decides again. An OPEN case keeps its confirmations (it is established; additions are in its timeline).
-- One current decision per party: the primary key becomes a unique index over the rows that have not lapsed.

alter table joint_case_confirmation
  add column lapsed_at timestamptz,
  add column lapsed_by text,
  add constraint joint_case_confirmation_lapse_ck check ((lapsed_at is null) = (lapsed_by is null)),
  add constraint joint_case_confirmation_lapse_confirmed_ck check (lapsed_at is null or decision = 'CONFIRMED');

alter table joint_case_confirmation drop constraint joint_case_confirmation_pkey;
create unique index joint_case_confirmation_current_uq on joint_case_confirmation (case_id, org_code)
  where lapsed_at is null;
create index joint_case_confirmation_case_idx on joint_case_confirmation (case_id);
