SELECT d.code, d.level, d.name, d.parent_code, d.simplified, d.dataset_key,
       ST_AsGeoJSON(ST_Transform(d.geom, 4326), 6)::text AS geometry,
       CASE WHEN d.geom IS NULL THEN NULL ELSE ST_Area(d.geom) / 10000.0 END AS area_ha,
       p.name AS parent_name
FROM district d
LEFT JOIN district p ON p.code = d.parent_code
WHERE d.code = $1
