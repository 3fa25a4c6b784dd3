-- Accounts, roles, sessions, personal API tokens, login throttling, settings and the audit trail.
-- Passwords are argon2id hashes; session and API tokens are stored only as SHA-256 hex digests of
-- the random token the client holds, so a copy of the database does not let anyone log in.

CREATE TABLE organisation (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  kind        text NOT NULL DEFAULT 'overig',   -- politie, brandweer, woningcorporatie, gemeente, overig
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_user (
  id                    bigserial PRIMARY KEY,
  username              text NOT NULL UNIQUE,
  display_name          text NOT NULL DEFAULT '',
  email                 text,
  password_hash         text,                      -- null: no local password (OIDC only, or disabled)
  must_change_password  boolean NOT NULL DEFAULT false,
  disabled              boolean NOT NULL DEFAULT false,
  organisation_id       bigint REFERENCES organisation (id) ON DELETE SET NULL,
  oidc_subject          text UNIQUE,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_role (
  user_id  bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  role     text NOT NULL CHECK (role IN ('partner', 'analist', 'redacteur', 'beheerder')),
  PRIMARY KEY (user_id, role)
);

CREATE TABLE user_session (
  token_hash    text PRIMARY KEY,               -- sha256 hex of the cookie token
  user_id       bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  csrf_token    text NOT NULL,                  -- sent back as X-CSRF-Token on state-changing requests
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,           -- absolute expiry
  ip            text,
  user_agent    text
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

CREATE TABLE api_token (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  name          text NOT NULL,
  token_hash    text NOT NULL UNIQUE,           -- sha256 hex of the bearer token
  prefix        text NOT NULL,                  -- first characters, to recognise it in a list
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX api_token_user_idx ON api_token (user_id);

-- Failed logins per account and per IP; several server processes share them.
CREATE TABLE login_attempt (
  id        bigserial PRIMARY KEY,
  username  text NOT NULL,
  ip        text NOT NULL,
  at        timestamptz NOT NULL
);
CREATE INDEX login_attempt_user_idx ON login_attempt (username, at);
CREATE INDEX login_attempt_ip_idx ON login_attempt (ip, at);

CREATE TABLE app_setting (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Who changed or viewed what. Written in the same transaction as the change it records.
CREATE TABLE audit (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  user_id     bigint,                           -- no FK: the trail outlives a deleted user
  username    text NOT NULL,                    -- 'publiek', a user name, or 'systeem'/'cli'
  action      text NOT NULL,                    -- create, update, delete, import, view, export, login, ...
  table_name  text NOT NULL,
  record_id   text,
  before      jsonb,
  after       jsonb,
  request_id  text
);
CREATE INDEX audit_at_idx ON audit (at DESC, id DESC);
CREATE INDEX audit_record_idx ON audit (table_name, record_id);
