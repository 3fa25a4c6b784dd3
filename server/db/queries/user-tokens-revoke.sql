-- Revokes every live personal API token of an account ($1 user id), when it is disabled.
UPDATE api_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL
