-- Marks a session ($1 token hash) as seen at $2.
UPDATE user_session SET last_seen_at = $2 WHERE token_hash = $1
