-- One shared setting ($1 key) as JSON.
SELECT value FROM app_setting WHERE key = $1
