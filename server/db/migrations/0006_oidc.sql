-- OpenID Connect login: an account is linked to the IdP's (issuer, subject) pair, and a login in
-- progress (state, nonce, PKCE verifier) lives in a short-lived row, so several stateless app
-- processes can share it. The browser holds only a random binding token (HttpOnly cookie) whose
-- SHA-256 digest keys the row: a callback URL sent to someone else's browser finds nothing.

ALTER TABLE app_user ADD COLUMN oidc_issuer text;
-- 0005 made the subject unique on its own; a subject is unique only within its issuer.
ALTER TABLE app_user DROP CONSTRAINT IF EXISTS app_user_oidc_subject_key;
ALTER TABLE app_user ADD CONSTRAINT app_user_oidc_identity_key UNIQUE (oidc_issuer, oidc_subject);
ALTER TABLE app_user ADD CONSTRAINT app_user_oidc_pair_check CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL));

CREATE TABLE oidc_login (
  binding_hash   text PRIMARY KEY,              -- sha256 hex of the browser's binding cookie
  state          text NOT NULL,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,                 -- PKCE (S256)
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL
);
CREATE INDEX oidc_login_expires_idx ON oidc_login (expires_at);
