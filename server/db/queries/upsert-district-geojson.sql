-- $5: GeoJSON geometry in WGS84 (RFC 7946), or null; stored as MultiPolygon in RD New.
INSERT INTO district (code, level, name, parent_code, geom, dataset_key, simplified)
VALUES ($1, $2, $3, $4,
        CASE WHEN $5::text IS NULL THEN NULL
             ELSE ST_Multi(ST_CollectionExtract(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($5::text), 4326), 28992), 3)) END,
        $6, $7)
ON CONFLICT (code) DO UPDATE SET
  level = EXCLUDED.level, name = EXCLUDED.name, parent_code = EXCLUDED.parent_code,
  geom = COALESCE(EXCLUDED.geom, district.geom), dataset_key = EXCLUDED.dataset_key,
  simplified = CASE WHEN EXCLUDED.geom IS NULL THEN district.simplified ELSE EXCLUDED.simplified END
