-- The audit trail, newest first, optionally for one table / record / user, before an id (paging).
SELECT id, at, user_id, username, action, table_name, record_id, before, after, request_id
FROM audit
WHERE ($1::text IS NULL OR table_name = $1)
  AND ($2::text IS NULL OR record_id = $2)
  AND ($3::text IS NULL OR username = $3)
  AND ($4::bigint IS NULL OR id < $4)
ORDER BY id DESC
LIMIT $5
