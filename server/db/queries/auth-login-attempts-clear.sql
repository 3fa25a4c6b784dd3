-- A successful login forgets the account's failed attempts ($1 user name).
DELETE FROM login_attempt WHERE username = $1
