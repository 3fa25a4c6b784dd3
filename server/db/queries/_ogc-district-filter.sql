-- Districts of one level ($1) whose shape intersects the box $2..$5 (minX, minY, maxX, maxY) given
-- in SRID $6 (4326 or 28992), transformed to RD New; a null $2 means no box. ST_Intersects uses
-- the GiST index on the RD geometry.
d.level = $1
AND ($2::float8 IS NULL
     OR ST_Intersects(d.geom, ST_Transform(ST_MakeEnvelope($2::float8, $3::float8, $4::float8, $5::float8, $6::int), 28992)))
