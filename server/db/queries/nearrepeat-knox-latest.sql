-- The latest stored Knox run (its window is the default of the live near-repeat zones unless it
-- is out of date: computed on another incident data version than the current one).
SELECT k.id::float8 AS id, k.params::text AS params, k.result::text AS result, k.events, k.window_radius, k.window_days,
       k.created_at, k.data_version::float8 AS data_version, k.demo,
       (k.data_version IS DISTINCT FROM v.version) AS stale
FROM knox_run k
CROSS JOIN incident_data_version v
ORDER BY k.created_at DESC, k.id DESC
LIMIT 1
