-- Every session of an account ($1 user id) except the caller's own ($2 token hash).
DELETE FROM user_session WHERE user_id = $1 AND token_hash <> $2
