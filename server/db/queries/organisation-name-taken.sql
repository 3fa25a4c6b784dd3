-- A row when another organisation ($2 id) already has the name $1.
SELECT 1 FROM organisation WHERE name = $1 AND id <> $2
