-- Every session of an account ($1 user id), one row per deleted session.
DELETE FROM user_session WHERE user_id = $1 RETURNING 1
