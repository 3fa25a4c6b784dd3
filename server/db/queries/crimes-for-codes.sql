SELECT code, year, misdrijven, source, derived
FROM district_crimes
WHERE code = ANY($1::text[])
ORDER BY code, year
