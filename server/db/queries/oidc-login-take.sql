-- Takes (deletes and returns) the login in progress of a browser's binding hash ($1): a callback is used once.
DELETE FROM oidc_login WHERE binding_hash = $1
RETURNING state, nonce, code_verifier, expires_at
