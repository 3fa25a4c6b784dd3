-- Deletes line geometries of one record: $1 register table, $2 record id, $3 keys (null: all).
DELETE FROM register_line WHERE register_table = $1::text AND record_id = $2::bigint AND ($3::text[] IS NULL OR key = ANY ($3::text[]))
