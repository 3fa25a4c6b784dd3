-- Stores one chunk of validated incidents of batch $1 (is_demo $2) from parallel arrays, with
-- buurt, wijk and PC4 derived by spatial join (incidents-recode-districts.sql applies the same
-- rules to the stored incidents after a district import: keep the two in step):
-- - buurt: the (full-resolution) buurt shape containing the point; most buurten have no shape;
-- - wijk: the parent of that buurt, else the wijk polygon containing the point, else (the wijk
--   shapes are simplified) the nearest wijk within 250 m;
-- - pc4: the PC4 area containing the point, else the nearest within 250 m, else the first four
--   digits of the file's postcode.
INSERT INTO incident (source_id, batch_id, kind, time_from, time_to, geom, address, postcode,
                      modus_operandi, target_type, buurt_code, wijk_code, pc4_code, is_demo)
SELECT r.source_id, $1::bigint, r.kind, r.time_from, r.time_to, p.geom, r.address, r.postcode,
       r.modus_operandi, r.target_type, b.code, COALESCE(b.parent_code, w.code),
       COALESCE(pc.code, CASE WHEN r.postcode ~ '^[0-9]{4}' THEN left(r.postcode, 4) END), $2::boolean
FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::float8[], $8::float8[],
            $9::text[], $10::text[], $11::text[], $12::text[])
       AS r(source_id, kind, time_from, time_to, x, y, address, postcode, modus_operandi, target_type)
CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(r.x, r.y), 28992) AS geom) p
LEFT JOIN LATERAL (
  SELECT d.code, d.parent_code FROM district d
  WHERE d.level = 'buurt' AND d.geom IS NOT NULL AND ST_Contains(d.geom, p.geom)
  ORDER BY d.code LIMIT 1
) b ON true
LEFT JOIN LATERAL (
  SELECT d.code FROM district d
  WHERE d.level = 'wijk' AND ST_DWithin(d.geom, p.geom, 250)
  ORDER BY ST_Distance(d.geom, p.geom), d.code LIMIT 1
) w ON true
LEFT JOIN LATERAL (
  SELECT d.code FROM district d
  WHERE d.level = 'postcode' AND ST_DWithin(d.geom, p.geom, 250)
  ORDER BY ST_Distance(d.geom, p.geom), d.code LIMIT 1
) pc ON true
