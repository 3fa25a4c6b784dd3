SELECT code, year, inwoners, huishoudens, woningen, inwoners_0_15, inwoners_65plus,
       oppervlakte_land_ha, source, derived
FROM district_figures
WHERE code = ANY($1::text[])
ORDER BY code, year
