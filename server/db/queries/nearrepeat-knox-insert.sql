-- Stores a finished Knox run. $1 params jsonb, $2 result jsonb, $3 events, $4 window radius (m) or
-- null, $5 window days or null, $6 incident data version the events were read at, $7 demo events.
INSERT INTO knox_run (params, result, events, window_radius, window_days, data_version, demo)
VALUES ($1::jsonb, $2::jsonb, $3, $4, $5, $6, $7)
RETURNING id::float8 AS id, created_at
