WITH gone AS (DELETE FROM incident WHERE batch_id = $1::bigint RETURNING 1)
SELECT count(*)::int AS deleted FROM gone
