INSERT INTO user_session (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
VALUES ($1, $2, $3, $4, $4, $5, $6, $7)
