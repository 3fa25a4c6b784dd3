-- The gemeente's latest known dwellings and inhabitants: the denominator of the city rate.
SELECT d.code,
       (SELECT f.woningen FROM district_figures f WHERE f.code = d.code AND f.woningen IS NOT NULL ORDER BY f.year DESC LIMIT 1)::int AS woningen,
       (SELECT f.inwoners FROM district_figures f WHERE f.code = d.code AND f.inwoners IS NOT NULL ORDER BY f.year DESC LIMIT 1)::int AS inwoners
FROM district d
WHERE d.level = 'gemeente'
ORDER BY d.code
LIMIT 1
