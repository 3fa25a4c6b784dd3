-- Incidents matching the shared filter ($1..$11, see _incident-filter.sql).
-- RD points and time windows (epoch ms) for the analyses.
SELECT ST_X(i.geom)::float8 AS x, ST_Y(i.geom)::float8 AS y,
       (extract(epoch FROM i.time_from) * 1000)::float8 AS t0,
       (extract(epoch FROM i.time_to) * 1000)::float8 AS t1
FROM incident i
WHERE {{incident-filter}}
