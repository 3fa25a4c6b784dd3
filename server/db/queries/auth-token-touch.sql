-- Marks a personal API token ($1 id) as used at $2.
UPDATE api_token SET last_used_at = $2 WHERE id = $1
