-- Districts of level $1 with the latest known dwellings and inhabitants (CBS key figures).
-- $2: when not null, only districts whose shape overlaps that district (by interior point), or
-- the district itself, its children or its parent.
SELECT d.code, d.name,
       (SELECT f.woningen FROM district_figures f WHERE f.code = d.code AND f.woningen IS NOT NULL ORDER BY f.year DESC LIMIT 1)::int AS woningen,
       (SELECT f.inwoners FROM district_figures f WHERE f.code = d.code AND f.inwoners IS NOT NULL ORDER BY f.year DESC LIMIT 1)::int AS inwoners
FROM district d
WHERE d.level = $1::text
  AND ($2::text IS NULL
       OR d.code = $2::text
       OR d.parent_code = $2::text
       OR d.code = (SELECT s.parent_code FROM district s WHERE s.code = $2::text)
       OR EXISTS (SELECT 1 FROM district s
                  WHERE s.code = $2::text AND s.geom IS NOT NULL AND d.geom IS NOT NULL
                    AND ST_Intersects(s.geom, ST_PointOnSurface(d.geom))))
ORDER BY d.code
