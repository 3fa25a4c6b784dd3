-- import-districts: does each feature lie in the gemeente? $1: RD New geometries as hex EWKB
-- (from features-to-rd), $2: the gemeente code, $3: buffer in metres around its outline (the
-- shipped outline is simplified). Per feature (ord = 1-based position in $1): inside = a point
-- on the surface lies in the buffered gemeente (null: no outline known).
WITH input AS (
  SELECT t.ord::int AS ord, ST_GeomFromEWKB(decode(t.hex, 'hex')) AS g
  FROM unnest($1::text[]) WITH ORDINALITY AS t(hex, ord)
), area AS (
  SELECT ST_Buffer(geom, $3::float8) AS geom FROM district WHERE code = $2 AND geom IS NOT NULL
)
SELECT i.ord, (SELECT ST_Intersects(ST_PointOnSurface(i.g), a.geom) FROM area a) AS inside
FROM input i
ORDER BY i.ord
