INSERT INTO district_figures (code, year, inwoners, huishoudens, woningen, inwoners_0_15, inwoners_65plus,
                              oppervlakte_land_ha, source, derived)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false)
ON CONFLICT (code, year) DO UPDATE SET
  inwoners = COALESCE(EXCLUDED.inwoners, district_figures.inwoners),
  huishoudens = COALESCE(EXCLUDED.huishoudens, district_figures.huishoudens),
  woningen = COALESCE(EXCLUDED.woningen, district_figures.woningen),
  inwoners_0_15 = COALESCE(EXCLUDED.inwoners_0_15, district_figures.inwoners_0_15),
  inwoners_65plus = COALESCE(EXCLUDED.inwoners_65plus, district_figures.inwoners_65plus),
  oppervlakte_land_ha = COALESCE(EXCLUDED.oppervlakte_land_ha, district_figures.oppervlakte_land_ha),
  source = EXCLUDED.source, derived = false
