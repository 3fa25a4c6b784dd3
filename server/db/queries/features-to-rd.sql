-- Shared geodata reader (server/ingest/features/postgis.ts): decodes a batch of source
-- geometries, checks them and turns them into RD New. $1: kinds ('wkb' hex, 'wkt', 'geojson'),
-- $2: the values, $3: their source SRIDs (28992 or 4326), $4: repair invalid geometries with
-- ST_MakeValid (only when the user asks). Per row (ord = 1-based position in $1):
-- source_type/empty: GeometryType and emptiness as read; valid/reason/loc: OGC validity (GEOS)
-- as read, with the location in the source CRS; repaired: ST_MakeValid was applied;
-- type, rd_valid/rd_reason: of the RD New result; geom_rd: the RD New geometry as hex EWKB
-- (null when invalid and not repaired); xmin..ymax: its bounding box in metres.
-- ST_IsValidDetail gives the same GEOS answer as ST_IsValidReason plus the location, without a
-- NOTICE per invalid row. A value PostGIS cannot parse makes the statement fail: the caller then
-- retries row by row to name the row.
WITH input AS (
  SELECT t.ord::int AS ord,
         CASE t.kind
           WHEN 'wkb' THEN ST_SetSRID(ST_GeomFromWKB(decode(t.val, 'hex')), t.srid)
           WHEN 'wkt' THEN ST_GeomFromText(t.val, t.srid)
           WHEN 'geojson' THEN ST_SetSRID(ST_GeomFromGeoJSON(t.val), t.srid)
         END AS g
  FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS t(kind, val, srid, ord)
), checked AS (
  SELECT i.ord, i.g, ST_IsValidDetail(i.g) AS d FROM input i
), fixed AS (
  SELECT c.ord, c.g, c.d,
         CASE WHEN (c.d).valid THEN c.g WHEN $4::boolean THEN ST_MakeValid(c.g) END AS g2
  FROM checked c
), rd AS (
  SELECT f.ord, f.g, f.d, f.g2, CASE WHEN f.g2 IS NOT NULL THEN ST_Transform(f.g2, 28992) END AS grd FROM fixed f
), rd_checked AS (
  SELECT r.*, CASE WHEN r.grd IS NOT NULL THEN ST_IsValidDetail(r.grd) END AS rdd FROM rd r
)
SELECT r.ord,
       GeometryType(r.g) AS source_type,
       ST_IsEmpty(r.g) AS empty,
       (r.d).valid AS valid,
       (r.d).reason AS reason,
       ST_X((r.d).location)::float8 AS loc_x,
       ST_Y((r.d).location)::float8 AS loc_y,
       (NOT (r.d).valid AND r.g2 IS NOT NULL) AS repaired,
       GeometryType(r.grd) AS type,
       (r.rdd).valid AS rd_valid,
       (r.rdd).reason AS rd_reason,
       ST_AsHEXEWKB(r.grd) AS geom_rd,
       ST_XMin(r.grd)::float8 AS xmin, ST_YMin(r.grd)::float8 AS ymin,
       ST_XMax(r.grd)::float8 AS xmax, ST_YMax(r.grd)::float8 AS ymax
FROM rd_checked r
ORDER BY r.ord
