-- A district used as filter: its level, RD bounding box (null without shape) and, for a
-- stadsdeel, its wijken.
SELECT d.code, d.level, d.name,
       ST_XMin(d.geom)::float8 AS min_x, ST_YMin(d.geom)::float8 AS min_y,
       ST_XMax(d.geom)::float8 AS max_x, ST_YMax(d.geom)::float8 AS max_y,
       ARRAY(SELECT c.code FROM district c WHERE c.parent_code = d.code AND c.level = 'wijk' ORDER BY c.code) AS wijken
FROM district d
WHERE d.code = $1
