-- How many records @table holds (of which demo), and whether the audit trail ever saw a change
-- to it ($1: the table name), so demo data is seeded only into a register nobody used yet.
SELECT (SELECT count(*)::int FROM @table) AS n,
       (SELECT count(*)::int FROM @table WHERE demo) AS demo,
       EXISTS (SELECT 1 FROM audit WHERE table_name = $1::text) AS touched
