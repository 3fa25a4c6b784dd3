-- Wijken in RD New with their latest known dwellings and inhabitants, for the demo generator.
SELECT d.code, d.name, ST_AsGeoJSON(d.geom)::text AS geometry,
       (SELECT f.woningen FROM district_figures f WHERE f.code = d.code AND f.woningen IS NOT NULL ORDER BY f.year DESC LIMIT 1) AS woningen,
       (SELECT f.inwoners FROM district_figures f WHERE f.code = d.code AND f.inwoners IS NOT NULL ORDER BY f.year DESC LIMIT 1) AS inwoners
FROM district d
WHERE d.level = 'wijk' AND d.geom IS NOT NULL
ORDER BY d.code
