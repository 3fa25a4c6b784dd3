-- Incident counts per district of level $1 ('wijk', 'stadsdeel' or 'postcode') in three periods
-- (current $2..$3, previous $4..$5, a year earlier $6..$7, each a half-open instant range; an
-- incident counts when its window overlaps the range) for kinds $8. Incidents without a
-- district of that level come in the row with code null (they still count for the city).
SELECT s.code,
       (count(*) FILTER (WHERE s.time_from < $3::timestamptz AND s.time_to >= $2::timestamptz))::int AS current,
       (count(*) FILTER (WHERE s.time_from < $5::timestamptz AND s.time_to >= $4::timestamptz))::int AS previous,
       (count(*) FILTER (WHERE s.time_from < $7::timestamptz AND s.time_to >= $6::timestamptz))::int AS year_ago
FROM (
  SELECT CASE $1::text WHEN 'wijk' THEN i.wijk_code WHEN 'postcode' THEN i.pc4_code WHEN 'stadsdeel' THEN w.parent_code END AS code,
         i.time_from, i.time_to
  FROM incident i
  LEFT JOIN district w ON w.code = i.wijk_code AND w.level = 'wijk'
  WHERE i.kind = ANY($8::text[])
    AND i.time_from < greatest($3::timestamptz, $5::timestamptz, $7::timestamptz)
    AND i.time_to >= least($2::timestamptz, $4::timestamptz, $6::timestamptz)
) s
GROUP BY s.code
