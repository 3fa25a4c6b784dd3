-- Retention: delete real (non-demo) incidents whose pleegperiode ended before $1; the deleted count per batch.
WITH gone AS (
  DELETE FROM incident WHERE time_to < $1 AND NOT is_demo RETURNING batch_id
)
SELECT batch_id, count(*)::int AS deleted FROM gone GROUP BY batch_id ORDER BY batch_id
