-- Fragment, not a query: the filter of the incident read queries, included where they say
-- {{incident-filter}} (server/db/queries.ts), over incident rows aliased i. Its 11 parameters come
-- from filterParams() in incident.service.ts:
-- $1/$2 period [start, end) as instants; an incident belongs to it when its window overlaps it.
-- $3 kinds; $4 wijk codes (wijk or the wijken of a stadsdeel); $5 buurt code; $6 PC4 code;
-- $7 area as WGS84 GeoJSON geometry; $8..$11 RD box [minX, maxX) x [minY, maxY). Null = no filter.
i.time_from < $2::timestamptz AND i.time_to >= $1::timestamptz
  AND i.kind = ANY($3::text[])
  AND ($4::text[] IS NULL OR i.wijk_code = ANY($4::text[]))
  AND ($5::text IS NULL OR i.buurt_code = $5::text)
  AND ($6::text IS NULL OR i.pc4_code = $6::text)
  AND ($7::text IS NULL OR ST_Intersects(i.geom, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($7::text), 4326), 28992)))
  AND ($8::float8 IS NULL OR (i.geom && ST_MakeEnvelope($8::float8, $9::float8, $10::float8, $11::float8, 28992)
       AND ST_X(i.geom) >= $8::float8 AND ST_X(i.geom) < $10::float8 AND ST_Y(i.geom) >= $9::float8 AND ST_Y(i.geom) < $11::float8))
