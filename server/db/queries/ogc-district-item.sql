-- OGC API Features: one district of level $1 by code $2, geometry in SRID $3 with $4 decimals.
SELECT d.code, d.name, d.level, d.parent_code, d.simplified,
       CASE WHEN d.geom IS NULL THEN NULL ELSE ST_AsGeoJSON(ST_Transform(d.geom, $3::int), $4::int, 0)::text END AS geometry,
       CASE WHEN d.geom IS NULL THEN NULL ELSE ST_Area(d.geom) / 10000.0 END AS area_ha
FROM district d
WHERE d.level = $1 AND d.code = $2
