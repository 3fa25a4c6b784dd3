-- import-districts: after new wijk shapes, every stadsdeel's shape is again the union of its
-- wijken (as insert-stadsdeel.sql builds it at start-up); simplified when any wijk is.
UPDATE district s
SET geom = u.geom, simplified = u.simplified
FROM (
  SELECT parent_code,
         ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(geom)), 3)) AS geom,
         bool_or(simplified) AS simplified
  FROM district
  WHERE level = 'wijk' AND geom IS NOT NULL
  GROUP BY parent_code
) u
WHERE s.level = 'stadsdeel' AND s.code = u.parent_code
