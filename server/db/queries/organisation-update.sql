-- Renames an organisation ($1 id) and sets its kind.
UPDATE organisation SET name = $2, kind = $3 WHERE id = $1
