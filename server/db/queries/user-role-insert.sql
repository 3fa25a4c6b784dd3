-- One role ($2) of an account ($1 user id).
INSERT INTO user_role (user_id, role) VALUES ($1, $2)
