-- After a district import: derive buurt, wijk and PC4 of every stored incident again, by the same
-- rules as incidents-insert.sql (keep the two in step), and update only the incidents whose codes
-- change. Without this, incidents imported before a municipality's buurt shapes would keep no
-- buurt code, and the buurt filters and rates would miss them. The update raises the incident
-- data version (trigger), so derived results and the in-memory index follow.
WITH derived AS (
  SELECT i.id, b.code AS buurt, COALESCE(b.parent_code, w.code) AS wijk,
         COALESCE(pc.code, CASE WHEN i.postcode ~ '^[0-9]{4}' THEN left(i.postcode, 4) END) AS pc4
  FROM incident i
  LEFT JOIN LATERAL (
    SELECT d.code, d.parent_code FROM district d
    WHERE d.level = 'buurt' AND d.geom IS NOT NULL AND ST_Contains(d.geom, i.geom)
    ORDER BY d.code LIMIT 1
  ) b ON true
  LEFT JOIN LATERAL (
    SELECT d.code FROM district d
    WHERE d.level = 'wijk' AND ST_DWithin(d.geom, i.geom, 250)
    ORDER BY ST_Distance(d.geom, i.geom), d.code LIMIT 1
  ) w ON true
  LEFT JOIN LATERAL (
    SELECT d.code FROM district d
    WHERE d.level = 'postcode' AND ST_DWithin(d.geom, i.geom, 250)
    ORDER BY ST_Distance(d.geom, i.geom), d.code LIMIT 1
  ) pc ON true
)
UPDATE incident i SET buurt_code = d.buurt, wijk_code = d.wijk, pc4_code = d.pc4
FROM derived d
WHERE d.id = i.id
  AND (i.buurt_code IS DISTINCT FROM d.buurt OR i.wijk_code IS DISTINCT FROM d.wijk OR i.pc4_code IS DISTINCT FROM d.pc4)
RETURNING i.id
