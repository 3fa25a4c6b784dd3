-- The audit trail, newest first, optionally for one table / record / user / action, a period of
-- calendar days in Europe/Amsterdam ($7 from, $8 to inclusive), before an id (paging).
SELECT id, at, user_id, username, action, table_name, record_id, before, after, request_id
FROM audit
WHERE ($1::text IS NULL OR table_name = $1)
  AND ($2::text IS NULL OR record_id = $2)
  AND ($3::text IS NULL OR username = $3)
  AND ($4::bigint IS NULL OR id < $4)
  AND ($6::text IS NULL OR action = $6)
  AND ($7::date IS NULL OR at >= ($7::date)::timestamp AT TIME ZONE 'Europe/Amsterdam')
  AND ($8::date IS NULL OR at < ($8::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')
ORDER BY id DESC
LIMIT $5
