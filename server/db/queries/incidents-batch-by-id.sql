SELECT id::int AS id, is_demo, deleted_at FROM import_batch WHERE id = $1::bigint
