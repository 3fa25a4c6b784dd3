-- Filter parameters (shared by the incidents-*/hotspots-* read queries, see incident.service.ts):
-- $1/$2 period [start, end) as instants; an incident belongs to it when its window overlaps it.
-- $3 kinds; $4 wijk codes (wijk or the wijken of a stadsdeel); $5 buurt code; $6 PC4 code;
-- $7 area as WGS84 GeoJSON geometry; $8..$11 RD box [minX, maxX) x [minY, maxY). Null = no filter.
-- RD points and time windows (epoch ms) for the analyses.
SELECT ST_X(i.geom)::float8 AS x, ST_Y(i.geom)::float8 AS y,
       (extract(epoch FROM i.time_from) * 1000)::float8 AS t0,
       (extract(epoch FROM i.time_to) * 1000)::float8 AS t1
FROM incident i
WHERE i.time_from < $2::timestamptz AND i.time_to >= $1::timestamptz
  AND i.kind = ANY($3::text[])
  AND ($4::text[] IS NULL OR i.wijk_code = ANY($4::text[]))
  AND ($5::text IS NULL OR i.buurt_code = $5::text)
  AND ($6::text IS NULL OR i.pc4_code = $6::text)
  AND ($7::text IS NULL OR ST_Intersects(i.geom, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($7::text), 4326), 28992)))
  AND ($8::float8 IS NULL OR (i.geom && ST_MakeEnvelope($8::float8, $9::float8, $10::float8, $11::float8, 28992)
       AND ST_X(i.geom) >= $8::float8 AND ST_X(i.geom) < $10::float8 AND ST_Y(i.geom) >= $9::float8 AND ST_Y(i.geom) < $11::float8))
