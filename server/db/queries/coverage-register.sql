-- Coverage: the records of one register (@table: the declaration's table, never user input) with
-- their non-personal attributes and their geometry as GeoJSON in RD New.
SELECT r.id::text AS id, r.name, r.attrs, ST_AsGeoJSON(r.geom, 2)::text AS geometry
FROM @table r
ORDER BY r.id
