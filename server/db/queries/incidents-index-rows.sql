-- Every incident as the in-memory index reads it (services/incident-index.service.ts): RD point,
-- time window in epoch ms, kind and district codes. Read in the same transaction as the data
-- version, so the index is exactly that version.
SELECT ST_X(i.geom)::float8 AS x, ST_Y(i.geom)::float8 AS y,
       (extract(epoch FROM i.time_from) * 1000)::float8 AS t0,
       (extract(epoch FROM i.time_to) * 1000)::float8 AS t1,
       i.kind, i.wijk_code AS wijk, i.buurt_code AS buurt, i.pc4_code AS pc4
FROM incident i
