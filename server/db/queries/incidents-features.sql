-- Incidents matching the shared filter ($1..$11, see _incident-filter.sql).
-- $12: row limit. Points in WGS84.
SELECT i.id::int AS id, i.source_id, i.kind, i.time_from, i.time_to,
       ST_X(ST_Transform(i.geom, 4326))::float8 AS lon, ST_Y(ST_Transform(i.geom, 4326))::float8 AS lat,
       i.wijk_code, i.buurt_code, i.pc4_code, i.address, i.modus_operandi, i.target_type, i.is_demo
FROM incident i
WHERE {{incident-filter}}
ORDER BY i.time_from, i.id
LIMIT $12::int
