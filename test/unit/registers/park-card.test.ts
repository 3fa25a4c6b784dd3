/** The pure parts of the park information card: latest entries, findings subjects, file slug, the SVG map frame. */
import { describe, expect, it } from 'vitest';
import { cardMap, roundLength } from '../../../server/domain/registers/card-map.js';
import { findingSubjects, latestByDate, slug } from '../../../server/domain/registers/park-card.js';

describe('latestByDate', () => {
  it('takes the latest ISO date whatever the order, null for none', () => {
    expect(latestByDate([{ date: '2025-03-01' }, { date: '2026-01-02' }, { date: '2025-12-31' }])).toEqual({ date: '2026-01-02' });
    expect(latestByDate([])).toBeNull();
    expect(latestByDate(undefined)).toBeNull();
  });
});

describe('findingSubjects', () => {
  it('finds permanent residence, the night register and BRP registration in free text', () => {
    expect(findingSubjects(['Permanente bewoning geconstateerd in 3 chalets'])).toEqual({ permanentResidence: true, nightRegister: false, brp: false });
    expect(findingSubjects(['nachtregister niet bijgehouden', 'inschrijving BRP ontbreekt'])).toEqual({ permanentResidence: false, nightRegister: true, brp: true });
    expect(findingSubjects(['vluchtwegen vrij'])).toEqual({ permanentResidence: false, nightRegister: false, brp: false });
  });
});

describe('slug', () => {
  it('makes a lower-case ASCII file name part', () => {
    expect(slug('Demo vakantiepark Het Reeënpad')).toBe('demo-vakantiepark-het-reeenpad');
    expect(slug('  ** ')).toBe('park');
  });
});

describe('cardMap', () => {
  const square = (x: number, y: number, d: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });

  it('frames the park, its compartment and routes inside the box, north up, with air around', () => {
    const m = cardMap({
      park: square(1000, 1000, 100),
      compartments: [{ id: '1', riskClass: 'hoog', geometry: square(0, 0, 2000) }],
      lines: [{ kind: 'evacuation', geometry: { type: 'LineString', coordinates: [[1050, 1050], [1050, 2500]] } }],
      width: 600,
      height: 300,
    });
    const nums = [m.park, m.compartments[0]!.d, m.lines[0]!.d].join(' ').match(/-?[\d.]+/g)!.map(Number);
    for (let i = 0; i < nums.length; i += 2) {
      expect(nums[i]).toBeGreaterThan(0);
      expect(nums[i]).toBeLessThan(600);
      expect(nums[i + 1]).toBeGreaterThan(0);
      expect(nums[i + 1]).toBeLessThan(300);
    }
    // North up: the route's northern end (y 2500) is drawn above its start.
    const [, y1, , y2] = m.lines[0]!.d.match(/[\d.]+/g)!.map(Number);
    expect(y2!).toBeLessThan(y1!);
    expect(m.parkPoint).toBeNull();
    expect(m.scaleBar.metres).toBe(roundLength(m.scaleBar.metres));
  });

  it('draws a point park as a marker and keeps a far compartment from shrinking the park to a dot', () => {
    const m = cardMap({ park: { type: 'Point', coordinates: [0, 0] }, compartments: [{ id: '1', riskClass: null, geometry: square(50_000, 0, 10) }], lines: [], width: 400, height: 400 });
    expect(m.park).toBe('');
    expect(m.parkPoint).not.toBeNull();
    // At most 4 km beyond the 250 m margin: 500 px cover at most ~8.5 km.
    expect(m.scaleBar.metres).toBeLessThanOrEqual(5000);
  });

  it('rounds scale bar lengths to 1, 2 or 5 times a power of ten', () => {
    expect([roundLength(730), roundLength(260), roundLength(99), roundLength(1)]).toEqual([500, 200, 50, 1]);
  });
});
