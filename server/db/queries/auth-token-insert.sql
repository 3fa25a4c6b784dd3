-- A personal API token of an account ($1 user id): its name, hash, visible prefix and creation time.
INSERT INTO api_token (user_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5)
RETURNING id, name, prefix, created_at, last_used_at, revoked_at
