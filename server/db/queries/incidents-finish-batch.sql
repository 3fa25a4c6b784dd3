UPDATE import_batch
SET rows_imported = (SELECT count(*) FROM incident WHERE batch_id = $1::bigint)
WHERE id = $1::bigint
RETURNING rows_imported::int AS imported
