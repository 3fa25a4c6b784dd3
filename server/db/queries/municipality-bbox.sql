SELECT code, name, ST_AsGeoJSON(ST_Envelope(ST_Transform(geom, 4326)), 6)::text AS bbox
FROM district
WHERE level = 'gemeente'
ORDER BY code
LIMIT 1
