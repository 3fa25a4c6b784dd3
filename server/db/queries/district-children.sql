SELECT d.code, d.level, d.name, d.parent_code, d.geom IS NOT NULL AS has_geometry
FROM district d
WHERE d.parent_code = $1
ORDER BY d.code
