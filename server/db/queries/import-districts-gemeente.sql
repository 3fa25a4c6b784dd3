-- The configured gemeente (import-districts imports only its wijken and buurten).
SELECT code, name, geom IS NOT NULL AS has_geom
FROM district
WHERE level = 'gemeente'
ORDER BY code
