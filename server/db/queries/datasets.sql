SELECT key, title, source, licence, attribution, is_demo, simplified, feature_count, loaded_at
FROM dataset
ORDER BY key
