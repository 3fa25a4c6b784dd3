-- All districts of one level as WGS84 GeoJSON geometry (null where no shape is known).
SELECT d.code, d.level, d.name, d.parent_code, d.simplified, d.dataset_key,
       ST_AsGeoJSON(ST_Transform(d.geom, 4326), 6)::text AS geometry,
       CASE WHEN d.geom IS NULL THEN NULL ELSE ST_Area(d.geom) / 10000.0 END AS area_ha
FROM district d
WHERE d.level = $1
ORDER BY d.code
