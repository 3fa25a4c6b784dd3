-- Demo seeding runs only on an empty incident table that never held real data.
SELECT EXISTS (SELECT 1 FROM incident) AS has_incidents,
       EXISTS (SELECT 1 FROM import_batch WHERE NOT is_demo) AS has_real_batches
