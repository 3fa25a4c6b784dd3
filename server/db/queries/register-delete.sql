-- Deletes one record of @table ($1 id).
DELETE FROM @table WHERE id = $1::bigint RETURNING id::text AS id
