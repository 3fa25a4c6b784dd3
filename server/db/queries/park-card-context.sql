-- The surroundings of one park for its information card: the park's geometry and every fire
-- compartment it lies in or within $2 metres of, nearest first, with the compartment's access and
-- evacuation routes (register_line). Everything in RD New (EPSG:28992) as GeoJSON; no personal data.
-- $1 park id, $2 buffer in metres.
WITH p AS (SELECT id, geom FROM holiday_park WHERE id = $1::bigint)
SELECT ST_AsGeoJSON(p.geom, 1)::text AS park_geometry,
       c.id::text AS compartment_id,
       c.name AS compartment_name,
       c.attrs ->> 'riskClass' AS risk_class,
       c.demo AS compartment_demo,
       ST_Intersects(c.geom, p.geom) AS inside,
       ST_Distance(c.geom, p.geom) AS distance,
       ST_AsGeoJSON(c.geom, 1)::text AS compartment_geometry,
       (SELECT jsonb_object_agg(l.key, ST_AsGeoJSON(l.geom, 1)::jsonb)
          FROM register_line l WHERE l.register_table = 'fire_compartment' AND l.record_id = c.id) AS lines
FROM p
LEFT JOIN fire_compartment c ON ST_DWithin(c.geom, p.geom, $2::float8)
ORDER BY ST_Distance(c.geom, p.geom), c.id
