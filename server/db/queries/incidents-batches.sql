-- Batches still in effect (removed real batches keep a row with deleted_at set).
SELECT b.id::int AS id, b.source, b.format, b.is_demo, b.rows_total, b.rows_imported, b.rows_rejected,
       b.imported_at, b.parameters,
       (SELECT count(*) FROM incident i WHERE i.batch_id = b.id)::int AS incidents
FROM import_batch b
WHERE b.deleted_at IS NULL
ORDER BY b.imported_at DESC, b.id DESC
