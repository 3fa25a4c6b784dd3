INSERT INTO district_crimes (code, year, misdrijven, source, derived)
VALUES ($1, $2, $3, $4, false)
ON CONFLICT (code, year) DO UPDATE SET misdrijven = EXCLUDED.misdrijven, source = EXCLUDED.source, derived = false
