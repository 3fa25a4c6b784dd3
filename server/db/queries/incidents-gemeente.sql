-- The gemeente in RD New: bounding box and, for the import's inside test, its outline buffered
-- by $1 metres (the shipped outline is simplified; a point just across it is still accepted).
SELECT d.code, d.name,
       ST_XMin(d.geom)::float8 AS min_x, ST_YMin(d.geom)::float8 AS min_y,
       ST_XMax(d.geom)::float8 AS max_x, ST_YMax(d.geom)::float8 AS max_y,
       ST_AsGeoJSON(ST_Buffer(d.geom, $1::float8))::text AS outline
FROM district d
WHERE d.level = 'gemeente' AND d.geom IS NOT NULL
ORDER BY d.code
LIMIT 1
