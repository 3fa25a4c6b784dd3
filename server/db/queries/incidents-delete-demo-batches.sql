DELETE FROM import_batch WHERE is_demo
