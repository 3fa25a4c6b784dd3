-- Shared geodata reader: decodes standard WKB (hex, e.g. from a GeoPackage after its header is
-- stripped) in PostGIS and returns it as GeoJSON in its own CRS, for callers whose checks work
-- on coordinates (the district importer). $1: hex WKB values. Per row (ord = 1-based position):
-- type = ST_GeometryType without 'ST_' (e.g. MultiPolygon, CurvePolygon); geojson: 2D, 15
-- decimals, only for the types GeoJSON has (null for curves, surfaces, TINs). A value PostGIS
-- cannot parse fails the statement: the caller retries row by row to name the row.
WITH input AS (
  SELECT t.ord::int AS ord, ST_GeomFromWKB(decode(t.val, 'hex')) AS g
  FROM unnest($1::text[]) WITH ORDINALITY AS t(val, ord)
)
SELECT i.ord,
       substr(ST_GeometryType(i.g), 4) AS type,
       ST_IsEmpty(i.g) AS empty,
       CASE WHEN GeometryType(i.g) IN ('POINT', 'MULTIPOINT', 'LINESTRING', 'MULTILINESTRING', 'POLYGON', 'MULTIPOLYGON')
            THEN ST_AsGeoJSON(ST_Force2D(i.g), 15) END AS geojson
FROM input i
ORDER BY i.ord
