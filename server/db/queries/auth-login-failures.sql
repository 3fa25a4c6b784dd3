-- Failed logins since $3 for the account ($1) and for the IP ($2), with the oldest of each (for Retry-After).
SELECT
  count(*) FILTER (WHERE username = $1) AS by_user,
  min(at) FILTER (WHERE username = $1) AS oldest_user,
  count(*) FILTER (WHERE ip = $2) AS by_ip,
  min(at) FILTER (WHERE ip = $2) AS oldest_ip
FROM login_attempt
WHERE at >= $3 AND (username = $1 OR ip = $2)
