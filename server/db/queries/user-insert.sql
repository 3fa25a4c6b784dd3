-- A new account; a no-op (no row) when the user name is taken.
INSERT INTO app_user (username, display_name, email, password_hash, must_change_password, organisation_id)
VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING id
