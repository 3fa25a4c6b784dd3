import { describe, expect, it } from 'vitest';
import type { DistrictCollection, DistrictLevel } from '../../../web/api/client.js';
import { mapSelection } from '../../../web/state/level-map.js';

function fc(level: DistrictLevel, rows: [string, string | null][]): DistrictCollection {
  return {
    type: 'FeatureCollection',
    level,
    features: rows.map(([code, parentCode]) => ({
      type: 'Feature',
      id: code,
      geometry: null,
      properties: { code, name: code, level, parentCode, hasGeometry: false, simplified: false, areaHa: null, figures: {} as never, crimes: [] },
    })),
  };
}

const DATA: Partial<Record<DistrictLevel, DistrictCollection>> = {
  stadsdeel: fc('stadsdeel', [['SD01', 'GM0200'], ['SD02', 'GM0200']]),
  wijk: fc('wijk', [['WK01', 'SD01'], ['WK02', 'SD02'], ['WK03', 'SD02']]),
  buurt: fc('buurt', [['BU0101', 'WK01'], ['BU0201', 'WK02'], ['BU0202', 'WK02'], ['BU0301', 'WK03']]),
  postcode: fc('postcode', [['7311', 'GM0200']]),
};
const get = async (l: DistrictLevel) => DATA[l]!;

describe('mapSelection: the selection across a level switch', () => {
  it('goes up to the parent (buurt -> wijk -> stadsdeel)', async () => {
    expect(await mapSelection('WK02', 'wijk', 'stadsdeel', get)).toBe('SD02');
    expect(await mapSelection('BU0202', 'buurt', 'wijk', get)).toBe('WK02');
    expect(await mapSelection('BU0301', 'buurt', 'stadsdeel', get)).toBe('SD02');
  });

  it('goes down only to an only child, else clears', async () => {
    expect(await mapSelection('SD01', 'stadsdeel', 'wijk', get)).toBe('WK01');
    expect(await mapSelection('SD02', 'stadsdeel', 'wijk', get)).toBeNull();
    expect(await mapSelection('SD01', 'stadsdeel', 'buurt', get)).toBe('BU0101');
    expect(await mapSelection('WK02', 'wijk', 'buurt', get)).toBeNull();
  });

  it('clears to and from postcode areas, which do not nest', async () => {
    expect(await mapSelection('WK01', 'wijk', 'postcode', get)).toBeNull();
    expect(await mapSelection('7311', 'postcode', 'wijk', get)).toBeNull();
  });
});
