-- Offline outbox (issue 11, item 3): a report made on a phone gets its id on the device (client_id, a UUID)
-- before any network attempt, and the device resends it until it has the server's answer, possibly days later.
-- Idempotency-Key rows last 24 h only, so the incident itself remembers its client id: the same id again answers
-- the stored incident, never a second row. Unique per creating user (not per organisation): a retry always
-- comes from the user who made the report (the outbox is kept per user), and a colleague who sent the same id
-- must not be handed someone else's report as his own. client_hash is SHA-256 of the validated report
-- (IncidentService.contentHash), so that the same id with another report is told apart (409).
alter table incident add column client_id uuid, add column client_hash bytea;
create unique index incident_client_id_key on incident (created_by, client_id) where client_id is not null;
