INSERT INTO district (code, level, name, parent_code, geom, dataset_key, simplified)
SELECT $1, 'stadsdeel', $2, $3,
       ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(geom)), 3)),
       'stadsdelen', bool_or(simplified)
FROM district
WHERE level = 'wijk' AND code = ANY($4::text[])
