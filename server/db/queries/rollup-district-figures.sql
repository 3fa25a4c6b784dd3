-- Derived figures: sums over the children for every district and year that has no figures
-- of its own (wijk crimes from buurten, stadsdeel from wijken, gemeente from stadsdelen).
-- Run after every import; derived rows are replaced, rows from a source never.
-- A figure is summed only when every child has it for that year (else it stays unknown).

DELETE FROM district_crimes c USING district d WHERE c.code = d.code AND d.level = 'wijk' AND c.derived;
INSERT INTO district_crimes (code, year, misdrijven, source, derived)
SELECT p.code, c.year, sum(c.misdrijven), 'som van onderliggende gebieden', true
FROM district p
JOIN district ch ON ch.parent_code = p.code AND ch.level <> 'postcode'
JOIN district_crimes c ON c.code = ch.code
WHERE p.level = 'wijk'
  AND NOT EXISTS (SELECT 1 FROM district_crimes o WHERE o.code = p.code AND o.year = c.year AND NOT o.derived)
GROUP BY p.code, c.year
HAVING count(*) = (SELECT count(*) FROM district k WHERE k.parent_code = p.code AND k.level <> 'postcode');

DELETE FROM district_crimes c USING district d WHERE c.code = d.code AND d.level = 'stadsdeel' AND c.derived;
INSERT INTO district_crimes (code, year, misdrijven, source, derived)
SELECT p.code, c.year, sum(c.misdrijven), 'som van onderliggende gebieden', true
FROM district p
JOIN district ch ON ch.parent_code = p.code AND ch.level <> 'postcode'
JOIN district_crimes c ON c.code = ch.code
WHERE p.level = 'stadsdeel'
  AND NOT EXISTS (SELECT 1 FROM district_crimes o WHERE o.code = p.code AND o.year = c.year AND NOT o.derived)
GROUP BY p.code, c.year
HAVING count(*) = (SELECT count(*) FROM district k WHERE k.parent_code = p.code AND k.level <> 'postcode');

DELETE FROM district_figures f USING district d WHERE f.code = d.code AND d.level = 'stadsdeel' AND f.derived;
INSERT INTO district_figures (code, year, inwoners, huishoudens, woningen, inwoners_0_15, inwoners_65plus, oppervlakte_land_ha, source, derived)
SELECT p.code, f.year,
       CASE WHEN count(f.inwoners) = max(n.children) THEN sum(f.inwoners) END,
       CASE WHEN count(f.huishoudens) = max(n.children) THEN sum(f.huishoudens) END,
       CASE WHEN count(f.woningen) = max(n.children) THEN sum(f.woningen) END,
       CASE WHEN count(f.inwoners_0_15) = max(n.children) THEN sum(f.inwoners_0_15) END,
       CASE WHEN count(f.inwoners_65plus) = max(n.children) THEN sum(f.inwoners_65plus) END,
       CASE WHEN count(f.oppervlakte_land_ha) = max(n.children) THEN sum(f.oppervlakte_land_ha) END,
       'som van onderliggende gebieden', true
FROM district p
JOIN district ch ON ch.parent_code = p.code AND ch.level <> 'postcode'
JOIN district_figures f ON f.code = ch.code
JOIN (SELECT parent_code, count(*) AS children FROM district WHERE level <> 'postcode' GROUP BY parent_code) n
  ON n.parent_code = p.code
WHERE p.level = 'stadsdeel'
  AND NOT EXISTS (SELECT 1 FROM district_figures o WHERE o.code = p.code AND o.year = f.year AND NOT o.derived)
GROUP BY p.code, f.year;

DELETE FROM district_crimes c USING district d WHERE c.code = d.code AND d.level = 'gemeente' AND c.derived;
INSERT INTO district_crimes (code, year, misdrijven, source, derived)
SELECT p.code, c.year, sum(c.misdrijven), 'som van onderliggende gebieden', true
FROM district p
JOIN district ch ON ch.parent_code = p.code AND ch.level <> 'postcode'
JOIN district_crimes c ON c.code = ch.code
WHERE p.level = 'gemeente'
  AND NOT EXISTS (SELECT 1 FROM district_crimes o WHERE o.code = p.code AND o.year = c.year AND NOT o.derived)
GROUP BY p.code, c.year
HAVING count(*) = (SELECT count(*) FROM district k WHERE k.parent_code = p.code AND k.level <> 'postcode');

DELETE FROM district_figures f USING district d WHERE f.code = d.code AND d.level = 'gemeente' AND f.derived;
INSERT INTO district_figures (code, year, inwoners, huishoudens, woningen, inwoners_0_15, inwoners_65plus, oppervlakte_land_ha, source, derived)
SELECT p.code, f.year,
       CASE WHEN count(f.inwoners) = max(n.children) THEN sum(f.inwoners) END,
       CASE WHEN count(f.huishoudens) = max(n.children) THEN sum(f.huishoudens) END,
       CASE WHEN count(f.woningen) = max(n.children) THEN sum(f.woningen) END,
       CASE WHEN count(f.inwoners_0_15) = max(n.children) THEN sum(f.inwoners_0_15) END,
       CASE WHEN count(f.inwoners_65plus) = max(n.children) THEN sum(f.inwoners_65plus) END,
       CASE WHEN count(f.oppervlakte_land_ha) = max(n.children) THEN sum(f.oppervlakte_land_ha) END,
       'som van onderliggende gebieden', true
FROM district p
JOIN district ch ON ch.parent_code = p.code AND ch.level <> 'postcode'
JOIN district_figures f ON f.code = ch.code
JOIN (SELECT parent_code, count(*) AS children FROM district WHERE level <> 'postcode' GROUP BY parent_code) n
  ON n.parent_code = p.code
WHERE p.level = 'gemeente'
  AND NOT EXISTS (SELECT 1 FROM district_figures o WHERE o.code = p.code AND o.year = f.year AND NOT o.derived)
GROUP BY p.code, f.year;
