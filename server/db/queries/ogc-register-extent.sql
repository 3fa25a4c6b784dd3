-- OGC API Features: the WGS84 extent of a register's records (@table); nulls when it is empty.
SELECT ST_XMin(e) AS min_x, ST_YMin(e) AS min_y, ST_XMax(e) AS max_x, ST_YMax(e) AS max_y
FROM (SELECT ST_Extent(ST_Transform(r.geom, 4326))::geometry AS e FROM @table r) x
