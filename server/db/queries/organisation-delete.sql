-- Deletes an organisation ($1 id); its accounts stay, without one (ON DELETE SET NULL, migration 0005).
DELETE FROM organisation WHERE id = $1
