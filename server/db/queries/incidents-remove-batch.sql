-- A demo batch is deleted; a real batch is marked removed (see migration 0002).
WITH del AS (DELETE FROM import_batch WHERE id = $1::bigint AND is_demo RETURNING id)
UPDATE import_batch SET deleted_at = now() WHERE id = $1::bigint AND NOT is_demo
