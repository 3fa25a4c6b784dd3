-- Live near-repeat zones: a disc of radius $2 (metres) around every active burglary ($1 ids);
-- discs that overlap (points closer than 2 x radius, DBSCAN with one point per cluster allowed)
-- merge into one zone that keeps its members. The zone id is its smallest member id (stable for
-- the same inputs). Dwellings and inhabitants inside are area-weighted from the wijk figures
-- (the finest level with shapes): sum of figure x area(zone ∩ wijk) / area(wijk), latest year
-- with a value. Geometry as GeoJSON in WGS84 (geometry) and RD New (geometry_rd, for the WhatsApp
-- group coverage); area in m² (RD New).
WITH pts AS (
  SELECT id, geom FROM incident WHERE id = ANY($1::bigint[])
), clustered AS (
  SELECT id, geom, ST_ClusterDBSCAN(geom, eps := 2 * $2::float8, minpoints := 1) OVER () AS cid
  FROM pts
), zones AS (
  SELECT min(id) AS zone_id,
         array_agg(id::float8 ORDER BY id) AS member_ids,
         ST_Union(ST_Buffer(geom, $2::float8, 16)) AS geom
  FROM clustered
  GROUP BY cid
), wijk AS (
  SELECT d.code, d.name, d.geom, ST_Area(d.geom) AS area,
         (SELECT f.woningen FROM district_figures f WHERE f.code = d.code AND f.woningen IS NOT NULL ORDER BY f.year DESC LIMIT 1) AS woningen,
         (SELECT f.inwoners FROM district_figures f WHERE f.code = d.code AND f.inwoners IS NOT NULL ORDER BY f.year DESC LIMIT 1) AS inwoners
  FROM district d
  WHERE d.level = 'wijk' AND d.geom IS NOT NULL
), parts AS (
  SELECT z.zone_id, w.code, w.name, w.woningen, w.inwoners,
         ST_Area(ST_Intersection(z.geom, w.geom)) AS overlap, w.area
  FROM zones z
  JOIN wijk w ON ST_Intersects(z.geom, w.geom)
)
SELECT z.zone_id::float8 AS id,
       z.member_ids,
       ST_AsGeoJSON(ST_Transform(z.geom, 4326), 6)::text AS geometry,
       ST_AsGeoJSON(z.geom, 2)::text AS geometry_rd,
       ST_Area(z.geom) AS area_m2,
       (SELECT sum(p.woningen * p.overlap / NULLIF(p.area, 0)) FROM parts p WHERE p.zone_id = z.zone_id AND p.woningen IS NOT NULL) AS dwellings,
       (SELECT sum(p.inwoners * p.overlap / NULLIF(p.area, 0)) FROM parts p WHERE p.zone_id = z.zone_id AND p.inwoners IS NOT NULL) AS inhabitants,
       (SELECT coalesce(json_agg(json_build_object('code', p.code, 'name', p.name, 'areaM2', p.overlap) ORDER BY p.overlap DESC, p.code), '[]'::json)
          FROM parts p WHERE p.zone_id = z.zone_id AND p.overlap > 0)::text AS wijken
FROM zones z
ORDER BY z.zone_id
