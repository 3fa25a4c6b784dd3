INSERT INTO dataset (key, title, source, licence, attribution, is_demo, simplified, feature_count, loaded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
ON CONFLICT (key) DO UPDATE SET title = EXCLUDED.title, source = EXCLUDED.source, licence = EXCLUDED.licence,
  attribution = EXCLUDED.attribution, is_demo = EXCLUDED.is_demo, simplified = EXCLUDED.simplified,
  feature_count = EXCLUDED.feature_count, loaded_at = now()
