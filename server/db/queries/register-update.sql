-- Replaces a record of @table when its version is still $7 (optimistic concurrency): $1 id,
-- $2 GeoJSON geometry (null: keep), $3 its SRID, $4 name, $5 attrs, $6 contact, $8 user name.
-- No row back: the record is gone or was changed meanwhile (the service tells which).
UPDATE @table
SET name = $4::text,
    geom = COALESCE({{register-geom}}, geom),
    attrs = $5::jsonb,
    contact = $6::jsonb,
    version = version + 1,
    updated_at = now(),
    updated_by = $8::text
WHERE id = $1::bigint AND version = $7::int
RETURNING version
