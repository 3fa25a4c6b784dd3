-- Whether a GeoJSON geometry ($1, WGS84) is valid (OGC simple features), and why not.
SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason
FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS g) AS s
