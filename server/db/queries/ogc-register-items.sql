-- OGC API Features: one page of a register's records (@table: the declaration's table, never user
-- input). Personal data only when $1 (the caller may read contacts). $2..$5 box (minX, minY, maxX,
-- maxY) in SRID $6, null $2: no box; geometry as GeoJSON in SRID $7 with $8 decimals; LIMIT $9
-- OFFSET $10; $11 one record id (null: all). Ordered by id (stable paging).
SELECT r.id::text AS id, r.name, r.attrs,
       CASE WHEN $1::boolean THEN r.contact END AS contact,
       ST_AsGeoJSON(ST_Transform(r.geom, $7::int), $8::int, 0)::text AS geometry,
       r.demo, r.version, r.updated_at
FROM @table r
WHERE ($11::bigint IS NULL OR r.id = $11::bigint)
  AND ($2::float8 IS NULL
       OR ST_Intersects(r.geom, ST_Transform(ST_MakeEnvelope($2::float8, $3::float8, $4::float8, $5::float8, $6::int), 28992)))
ORDER BY r.id
LIMIT $9 OFFSET $10
