-- The study area of a hot spot analysis as RD New GeoJSON (Polygon or MultiPolygon): the
-- district $1 when given, else the gemeente. No row when it has no shape.
SELECT d.code, d.name, d.level, ST_AsGeoJSON(d.geom)::text AS geom
FROM district d
WHERE d.geom IS NOT NULL
  AND (($1::text IS NOT NULL AND d.code = $1::text) OR ($1::text IS NULL AND d.level = 'gemeente'))
ORDER BY d.code
LIMIT 1
