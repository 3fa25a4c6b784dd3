-- One session by token hash ($1): logout, or an expired session.
DELETE FROM user_session WHERE token_hash = $1
