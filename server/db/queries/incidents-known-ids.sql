-- Source ids of the stored real (non-demo) incidents: an import rejects them as duplicates.
SELECT source_id FROM incident WHERE NOT is_demo
