-- OGC API Features: how many districts match ($1..$6: level and box, see _ogc-district-filter.sql).
SELECT count(*)::int AS n
FROM district d
WHERE {{ogc-district-filter}}
