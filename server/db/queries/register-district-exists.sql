-- Whether a district (CBS code of any level, or a postcode area) exists: $1 code.
SELECT EXISTS (SELECT 1 FROM district WHERE code = $1::text) AS found
