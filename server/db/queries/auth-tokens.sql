-- The personal API tokens of an account ($1 user id), newest first (no hashes).
SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_token WHERE user_id = $1 ORDER BY id DESC
