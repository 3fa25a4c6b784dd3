-- OGC API Features: the WGS84 extent of the districts of level $1 (of their transformed shapes,
-- not the transformed RD box); nulls when none has a shape.
SELECT ST_XMin(e)::float8 AS min_x, ST_YMin(e)::float8 AS min_y, ST_XMax(e)::float8 AS max_x, ST_YMax(e)::float8 AS max_y
FROM (SELECT ST_Extent(ST_Transform(geom, 4326)) AS e FROM district WHERE level = $1) s
