-- The latest stored Knox run (its window is the default of the live near-repeat zones).
SELECT id::float8 AS id, params::text AS params, result::text AS result, events, window_radius, window_days, created_at
FROM knox_run
ORDER BY created_at DESC, id DESC
LIMIT 1
