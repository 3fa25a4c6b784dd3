-- One failed login: the user name as typed ($1), the client IP ($2) and the time ($3); never the password.
INSERT INTO login_attempt (username, ip, at) VALUES ($1, $2, $3)
