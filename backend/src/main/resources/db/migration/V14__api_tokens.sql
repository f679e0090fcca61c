-- Personal API tokens (docs/SECURITY.md "API tokens"): a script sends `Authorization: Bearer bzt_…` instead of
-- HTTP Basic, so it pays one indexed lookup per request instead of a bcrypt check. Only the SHA-256 of the
-- secret is stored (the secret is 256 random bits: a fast hash is enough, nothing to brute-force), plus a
-- short public prefix so that a user can tell their tokens apart. A token carries no role or organisation of
-- its own: every request reads them from app_user, so disabling the user or changing the role acts at once.
-- Revoking sets revoked_at (rows stay for the audit trail's sake); the lookup ignores revoked and expired rows.
create table api_token (
  id            bigserial primary key,
  user_id       bigint not null references app_user (id),
  name          text not null check (length(name) between 1 and 100),
  prefix        text not null check (prefix ~ '^bzt_[A-Za-z0-9_-]{6}$'),
  token_hash    bytea not null unique check (length(token_hash) = 32),
  created_at    timestamptz not null default now(),
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  revoked_by    text
);
create index api_token_user_idx on api_token (user_id, created_at);
