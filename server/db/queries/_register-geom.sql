-- A GeoJSON geometry ($2, text) in SRID $3 (4326 from the API, 28992 from the demo generator) as
-- RD New, 2D, with a Polygon promoted to MultiPolygon (register tables store MultiPolygon).
SELECT CASE WHEN GeometryType(g) = 'POLYGON' THEN ST_Multi(g) ELSE g END
FROM (SELECT ST_Transform(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON($2::text), $3::int)), 28992) AS g) AS s
