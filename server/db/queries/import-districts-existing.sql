-- import-districts: the districts among $1 (codes) that exist already, with their parent
-- (a wijk keeps its stadsdeel) and whether they have a shape and figures.
SELECT d.code, d.level, d.parent_code, d.geom IS NOT NULL AS has_geom,
       EXISTS (SELECT 1 FROM district_figures f WHERE f.code = d.code) AS has_figures
FROM district d
WHERE d.code = ANY($1::text[])
