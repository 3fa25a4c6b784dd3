-- A register's stored settings ($1: 'register:<name>'), e.g. the park size thresholds.
SELECT value FROM app_setting WHERE key = $1::text
