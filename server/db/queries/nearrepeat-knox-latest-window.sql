-- The window of the latest stored Knox run: the default radius and duration of the live
-- near-repeat zones (null when that run found no significant window), and whether the run is
-- out of date: computed on another incident data version than the current one (migration 0004).
SELECT k.id::float8 AS id, k.window_radius, k.window_days,
       (k.data_version IS DISTINCT FROM v.version) AS stale
FROM knox_run k
CROSS JOIN incident_data_version v
ORDER BY k.created_at DESC, k.id DESC
LIMIT 1
