-- The stored shape of one district ($1 code) as GeoJSON in RD New (EPSG:28992, metres, 1 mm),
-- for register records that apply to a whole district (the plan's actions: the gemeente).
SELECT ST_AsGeoJSON(geom, 3)::text AS geometry FROM district WHERE code = $1::text
