-- One new record in @table: $1 name, $2 GeoJSON geometry, $3 its SRID, $4 attrs, $5 contact
-- (personal data), $6 demo, $7 the caller's user name.
INSERT INTO @table (name, geom, attrs, contact, demo, created_by, updated_by)
VALUES ($1::text, {{register-geom}}, $4::jsonb, $5::jsonb, $6::boolean, $7::text, $7::text)
RETURNING id::text AS id
