-- Every role of an account ($1 user id), before its new roles are inserted.
DELETE FROM user_role WHERE user_id = $1
