-- Incidents of the given kinds whose event time (end of the pleegperiode, time_to) lies in
-- ($2, $3]: the candidates for live near-repeat zones and their originators. No addresses.
-- $1 text[] kinds, $2 timestamptz lower bound (exclusive), $3 timestamptz reference instant.
SELECT i.id::float8 AS id,
       i.source_id,
       i.kind,
       i.time_from,
       i.time_to,
       ST_X(i.geom) AS x,
       ST_Y(i.geom) AS y,
       ST_X(ST_Transform(i.geom, 4326)) AS lon,
       ST_Y(ST_Transform(i.geom, 4326)) AS lat,
       i.wijk_code,
       i.is_demo
FROM incident i
WHERE i.kind = ANY($1::text[])
  AND i.time_to > $2::timestamptz
  AND i.time_to <= $3::timestamptz
ORDER BY i.time_to, i.id
