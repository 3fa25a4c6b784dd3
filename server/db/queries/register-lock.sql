-- The version of one record of @table, locked until the transaction ends (update/delete).
SELECT version FROM @table WHERE id = $1::bigint FOR UPDATE
