-- The window of the latest stored Knox run: the default radius and duration of the live
-- near-repeat zones (null when that run found no significant window).
SELECT id::float8 AS id, window_radius, window_days
FROM knox_run
ORDER BY created_at DESC, id DESC
LIMIT 1
