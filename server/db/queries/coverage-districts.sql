-- Coverage: the districts of one level ($1) with their shape as GeoJSON in RD New and the latest
-- known dwellings and inhabitants (CBS key figures).
SELECT d.code, d.name,
       CASE WHEN d.geom IS NULL THEN NULL ELSE ST_AsGeoJSON(d.geom, 2)::text END AS geometry,
       (SELECT f.woningen FROM district_figures f WHERE f.code = d.code AND f.woningen IS NOT NULL ORDER BY f.year DESC LIMIT 1)::int AS woningen,
       (SELECT f.inwoners FROM district_figures f WHERE f.code = d.code AND f.inwoners IS NOT NULL ORDER BY f.year DESC LIMIT 1)::int AS inwoners
FROM district d
WHERE d.level = $1
ORDER BY d.code
