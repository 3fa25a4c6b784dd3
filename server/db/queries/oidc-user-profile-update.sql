-- The profile an OIDC login brings ($1 user id, $2 display name, $3 e-mail, $4 organisation id, $5 now).
UPDATE app_user SET display_name = $2, email = $3, organisation_id = $4, updated_at = $5 WHERE id = $1
