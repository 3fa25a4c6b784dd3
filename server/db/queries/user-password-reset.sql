-- A password set by a beheerder ($2 hash); $3 when it is one-time (must be changed at the next login).
-- Never for an account linked to the IdP (OIDC): no row comes back, and the caller refuses.
UPDATE app_user SET password_hash = $2, must_change_password = $3, updated_at = now() WHERE id = $1 AND oidc_subject IS NULL RETURNING id
