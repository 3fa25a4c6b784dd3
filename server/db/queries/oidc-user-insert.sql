-- A new account linked to an IdP identity, without a local password. Nothing when the user name
-- ($1) or the identity ($5 issuer, $6 subject) is taken (the caller then looks again).
INSERT INTO app_user (username, display_name, email, password_hash, must_change_password, organisation_id, oidc_issuer, oidc_subject, created_at, updated_at)
VALUES ($1, $2, $3, NULL, false, $4, $5, $6, $7, $7)
ON CONFLICT DO NOTHING
RETURNING id
