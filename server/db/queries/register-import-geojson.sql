-- Register import: RD New geometries (hex EWKB from features-to-rd) as WGS84 GeoJSON with 9
-- decimals (sub-millimetre), for the register service, which validates and stores WGS84 input.
SELECT ord::int AS ord, ST_AsGeoJSON(ST_Transform(ST_GeomFromEWKB(decode(h, 'hex')), 4326), 9)::text AS geometry
FROM unnest($1::text[]) WITH ORDINALITY AS t(h, ord)
ORDER BY ord
