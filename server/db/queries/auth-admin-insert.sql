-- The first-start admin account ($1 name, $2 hash, $3 one-time, $4 time); a no-op when the name exists.
INSERT INTO app_user (username, display_name, password_hash, must_change_password, created_at, updated_at)
VALUES ($1, 'Beheerder', $2, $3, $4, $4) ON CONFLICT (username) DO NOTHING RETURNING id
