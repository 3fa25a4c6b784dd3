-- An account's id by user name (lower case).
SELECT id FROM app_user WHERE username = $1
