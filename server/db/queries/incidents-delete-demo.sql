-- Real data replaces the demo: all demo incidents and their batches go.
WITH gone AS (DELETE FROM incident WHERE is_demo RETURNING 1)
SELECT count(*)::int AS deleted FROM gone
