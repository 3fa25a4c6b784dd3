-- import-districts: one district at full resolution. $5: GeoJSON geometry in SRID $6 (28992 or
-- 4326), stored as MultiPolygon in RD New. $3 null keeps the existing name (a new district is
-- named by its code). Rows in district_figures and district_crimes are not touched.
INSERT INTO district (code, level, name, parent_code, geom, dataset_key, simplified)
VALUES ($1::text, $2::text, COALESCE($3::text, $1::text), $4::text,
        ST_Multi(ST_CollectionExtract(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($5::text), $6::int), 28992), 3)),
        $7::text, false)
ON CONFLICT (code) DO UPDATE SET
  name = COALESCE($3::text, district.name),
  parent_code = EXCLUDED.parent_code,
  geom = EXCLUDED.geom,
  dataset_key = EXCLUDED.dataset_key,
  simplified = false
