-- Forgets the failed logins of an account ($1 user id), so a reset password can be used at once.
DELETE FROM login_attempt WHERE username = (SELECT username FROM app_user WHERE id = $1)
