-- Stores the retention setting ($1 JSON, e.g. {"years": 5}).
INSERT INTO app_setting (key, value, updated_at) VALUES ('retention', $1::jsonb, now())
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
