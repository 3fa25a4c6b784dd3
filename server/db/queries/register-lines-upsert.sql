-- Sets one line geometry of a record: $1 register table, $4 record id, $5 key, $2 GeoJSON
-- (LineString or MultiLineString), $3 its SRID; stored as MultiLineString in RD New.
INSERT INTO register_line (register_table, record_id, key, geom)
SELECT $1::text, $4::bigint, $5::text, ST_Multi(g)
FROM (SELECT ST_Transform(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON($2::text), $3::int)), 28992) AS g) AS s
ON CONFLICT (register_table, record_id, key) DO UPDATE SET geom = EXCLUDED.geom
