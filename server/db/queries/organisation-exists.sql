-- A row when the organisation $1 exists.
SELECT 1 FROM organisation WHERE id = $1
