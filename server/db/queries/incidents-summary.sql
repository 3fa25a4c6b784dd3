-- Totals over all stored incidents (no filters): for the demo badge and the period presets.
SELECT count(*)::int AS count,
       (count(*) FILTER (WHERE is_demo))::int AS demo_count,
       min(time_from) AS first,
       max(time_from) AS last
FROM incident
