-- OGC API Features: how many records of a register (@table) intersect the box $1..$4 in SRID $5
-- (null $1: all).
SELECT count(*)::int AS n
FROM @table r
WHERE ($1::float8 IS NULL
       OR ST_Intersects(r.geom, ST_Transform(ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, $5::int), 28992)))
