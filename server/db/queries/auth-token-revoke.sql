-- Revokes a token ($1) of the account $2 at $3; a revoked token keeps its first revocation time.
UPDATE api_token SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND user_id = $2
RETURNING id, name, prefix, created_at, last_used_at, revoked_at
