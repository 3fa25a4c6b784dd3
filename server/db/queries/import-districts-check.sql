-- import-districts: checks per feature that need PostGIS. $1: GeoJSON geometries, $2: their
-- SRIDs (28992 or 4326), $3: the gemeente code, $4: buffer in metres around its outline (the
-- shipped outline is simplified). Per feature (ord = 1-based position in $1):
-- valid/reason/location: OGC validity (GEOS) of the geometry as given, location in its own CRS;
-- rd_valid/rd_reason: validity after the transformation to RD New, as it would be stored;
-- inside: a point on the surface lies in the buffered gemeente (null: no outline known or invalid).
-- ST_IsValidDetail instead of ST_IsValid/ST_IsValidReason: same GEOS check, no NOTICE per feature.
WITH input AS (
  SELECT t.ord::int AS ord, ST_SetSRID(ST_GeomFromGeoJSON(t.gj), t.srid) AS g
  FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS t(gj, srid, ord)
), detail AS (
  SELECT i.ord, i.g, ST_IsValidDetail(i.g) AS d FROM input i
), rd AS (
  SELECT x.ord, x.g, x.d,
         CASE WHEN (x.d).valid THEN ST_IsValidDetail(ST_Transform(x.g, 28992)) END AS r,
         CASE WHEN (x.d).valid THEN ST_Transform(x.g, 28992) END AS g_rd
  FROM detail x
), area AS (
  SELECT ST_Buffer(geom, $4::float8) AS geom FROM district WHERE code = $3 AND geom IS NOT NULL
)
SELECT rd.ord,
       (rd.d).valid AS valid,
       (rd.d).reason AS reason,
       ST_X((rd.d).location)::float8 AS loc_x,
       ST_Y((rd.d).location)::float8 AS loc_y,
       COALESCE((rd.r).valid, false) AS rd_valid,
       (rd.r).reason AS rd_reason,
       CASE WHEN (rd.r).valid THEN (SELECT ST_Intersects(ST_PointOnSurface(rd.g_rd), a.geom) FROM area a) END AS inside
FROM rd
ORDER BY rd.ord
