-- Demo seeding runs only on an empty incident table that never held real data.
SELECT (SELECT count(*) FROM incident)::int AS incidents,
       (SELECT count(*) FROM import_batch WHERE NOT is_demo)::int AS real_batches
