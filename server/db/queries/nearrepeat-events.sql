-- Events for the Knox test: incidents of the given kinds with their event time (time_to, the end
-- of the pleegperiode) in [$2, $3] (null bounds: unbounded). x, y in RD New metres.
-- $1 text[] kinds, $2 timestamptz or null, $3 timestamptz or null.
SELECT ST_X(i.geom) AS x, ST_Y(i.geom) AS y, i.time_to, i.is_demo
FROM incident i
WHERE i.kind = ANY($1::text[])
  AND ($2::timestamptz IS NULL OR i.time_to >= $2::timestamptz)
  AND ($3::timestamptz IS NULL OR i.time_to <= $3::timestamptz)
ORDER BY i.time_to, i.id
