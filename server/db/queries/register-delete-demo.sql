-- Deletes every demo record of @table (an import replaces the demo data); returns their ids.
DELETE FROM @table WHERE demo RETURNING id::text AS id
