-- import-districts: feature_count of dataset $1 = the districts that now come from it.
UPDATE dataset SET feature_count = (SELECT count(*)::int FROM district WHERE dataset_key = $1::text)
WHERE key = $1::text
