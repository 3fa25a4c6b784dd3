-- OGC API Features: one page of districts ($1..$6: level and box, see _ogc-district-filter.sql),
-- geometry as GeoJSON in SRID $7 with $8 decimals (no crs member), ordered by code,
-- LIMIT $9 OFFSET $10.
SELECT d.code, d.name, d.level, d.parent_code, d.simplified,
       CASE WHEN d.geom IS NULL THEN NULL ELSE ST_AsGeoJSON(ST_Transform(d.geom, $7::int), $8::int, 0)::text END AS geometry,
       CASE WHEN d.geom IS NULL THEN NULL ELSE ST_Area(d.geom) / 10000.0 END AS area_ha
FROM district d
WHERE {{ogc-district-filter}}
ORDER BY d.code
LIMIT $9 OFFSET $10
