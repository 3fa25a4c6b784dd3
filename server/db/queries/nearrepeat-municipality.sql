-- Name of the municipality (for the letter's sender line).
SELECT name FROM district WHERE level = 'gemeente' ORDER BY code LIMIT 1
