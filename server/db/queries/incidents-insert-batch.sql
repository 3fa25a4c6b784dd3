INSERT INTO import_batch (source, format, is_demo, rows_total, rows_imported, rows_rejected, report, parameters)
VALUES ($1, $2, $3, $4, 0, $5, $6::jsonb, $7::jsonb)
RETURNING id::int AS id
