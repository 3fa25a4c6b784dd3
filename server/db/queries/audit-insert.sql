-- One audit row: who ($1 user id, $2 name), what ($3 action, $4 table, $5 record id), before/after JSON, request id.
INSERT INTO audit (user_id, username, action, table_name, record_id, before, after, request_id, at)
VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, COALESCE($9::timestamptz, now()))
