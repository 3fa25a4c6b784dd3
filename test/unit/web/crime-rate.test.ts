import { describe, expect, it } from 'vitest';
import { classColor, districtRate, NO_DATA_COLOR, RATE_COLORS, rateClasses } from '../../../web/map/layers/crime-rate.js';
import type { DistrictCollection } from '../../../web/api/client.js';

type Props = DistrictCollection['features'][number]['properties'];
const fig = (value: number, year: number) => ({ value, year, derived: false, source: 'test' });

function feature(code: string, inwoners: number | null, crimes: [number, number][], geometry = true): DistrictCollection['features'][number] {
  const props: Props = {
    code,
    name: code,
    level: 'wijk',
    parentCode: null,
    hasGeometry: geometry,
    simplified: true,
    areaHa: 1,
    figures: { inwoners: inwoners === null ? null : fig(inwoners, 2024), huishoudens: null, woningen: null, inwoners_0_15: null, inwoners_65plus: null, oppervlakte_land_ha: null },
    crimes: crimes.map(([year, misdrijven]) => ({ year, misdrijven, derived: false })),
  };
  return { type: 'Feature', id: code, geometry: geometry ? { type: 'Point', coordinates: [0, 0] } : null, properties: props } as DistrictCollection['features'][number];
}

describe('crime rate per 1,000 inhabitants', () => {
  it('uses the latest crime year over the inhabitants figure', () => {
    const r = districtRate(feature('WK1', 8065, [[2024, 1391], [2025, 1505], [2021, 954]]).properties);
    expect(r.crimeYear).toBe(2025);
    expect(r.rate).toBeCloseTo((1505 / 8065) * 1000, 6);
  });

  it('has no rate without inhabitants or crimes', () => {
    expect(districtRate(feature('WK1', null, [[2025, 10]]).properties).rate).toBeNull();
    expect(districtRate(feature('WK1', 0, [[2025, 10]]).properties).rate).toBeNull();
    expect(districtRate(feature('WK1', 100, []).properties).rate).toBeNull();
  });

  it('classes districts by quantiles, lowest class lightest, unknown grey', () => {
    const fc: DistrictCollection = {
      type: 'FeatureCollection',
      level: 'wijk',
      features: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((n, i) => feature(`WK${i}`, 1000, [[2025, n]])).concat([feature('WKX', null, [[2025, 1]]), feature('WKY', 1000, [[2025, 5]], false)]),
    };
    const c = rateClasses(fc);
    expect(c.crimeYear).toBe(2025);
    expect(c.rates.has('WKY')).toBe(false); // no shape, not drawn
    expect(c.breaks).toEqual([30, 50, 70, 90]);
    expect(classColor(c, 10)).toBe(RATE_COLORS[0]);
    expect(classColor(c, 30)).toBe(RATE_COLORS[1]);
    expect(classColor(c, 100)).toBe(RATE_COLORS[4]);
    expect(classColor(c, null)).toBe(NO_DATA_COLOR);
  });
});
