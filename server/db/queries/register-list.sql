-- Records of one register (@table: the declaration's table, never user input) as WGS84 GeoJSON.
-- Personal data (contact) and the editors' user names only when $1 (the caller may read contacts):
-- filtered here, so they never leave the database for other callers.
-- $2..$5 bbox (WGS84 min lon, min lat, max lon, max lat; null: no bbox), $6 district code
-- (intersects; null: all), $7 also WKT in WGS84 (CSV) and WKB + envelope in RD New (GeoPackage)
-- for a file export, $8 the register table (its lines),
-- $9 one record id (null: all).
SELECT r.id::text AS id,
       r.name,
       r.attrs,
       CASE WHEN $1::boolean THEN r.contact END AS contact,
       ST_AsGeoJSON(ST_Transform(r.geom, 4326), 7)::text AS geometry,
       CASE WHEN $7::boolean THEN ST_AsText(ST_Transform(r.geom, 4326), 7) END AS wkt,
       CASE WHEN $7::boolean THEN encode(ST_AsBinary(r.geom, 'NDR'), 'hex') END AS wkb_rd,
       CASE WHEN $7::boolean THEN ARRAY[ST_XMin(r.geom), ST_XMax(r.geom), ST_YMin(r.geom), ST_YMax(r.geom)]::float8[] END AS envelope_rd,
       (SELECT jsonb_object_agg(l.key, ST_AsGeoJSON(ST_Transform(l.geom, 4326), 7)::jsonb)
          FROM register_line l WHERE l.register_table = $8::text AND l.record_id = r.id) AS lines,
       r.version,
       r.demo,
       r.created_at,
       r.updated_at,
       CASE WHEN $1::boolean THEN r.created_by END AS created_by,
       CASE WHEN $1::boolean THEN r.updated_by END AS updated_by
FROM @table r
WHERE ($9::bigint IS NULL OR r.id = $9::bigint)
  AND ($2::float8 IS NULL OR ST_Intersects(r.geom, ST_Transform(ST_MakeEnvelope($2::float8, $3::float8, $4::float8, $5::float8, 4326), 28992)))
  AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM district d WHERE d.code = $6::text AND ST_Intersects(d.geom, r.geom)))
ORDER BY r.name, r.id
