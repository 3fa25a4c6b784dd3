-- Deletes the line geometries of several records: $1 register table, $2 record ids.
DELETE FROM register_line WHERE register_table = $1::text AND record_id = ANY ($2::bigint[])
