-- A new organisation; a no-op (no row) when the name is taken.
INSERT INTO organisation (name, kind) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id
