-- A login in progress: $1 binding hash, $2 state, $3 nonce, $4 PKCE verifier, $5 now, $6 expiry. Expired rows go at the same time.
WITH gone AS (DELETE FROM oidc_login WHERE expires_at < $5::timestamptz)
INSERT INTO oidc_login (binding_hash, state, nonce, code_verifier, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6)
