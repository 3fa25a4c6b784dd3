import { describe, expect, it } from 'vitest';
import { generateDemoIncidents, type DemoIncident, type DemoIncidentOptions } from '../../../server/demo/incidents.js';
import { ValidIncidentSchema } from '../../../server/domain/incidents/incident.js';
import { amsterdamParts } from '../../../server/domain/incidents/time.js';
import { mulberry32, shuffleInPlace } from '../../../server/domain/random.js';
import { inWijk, loadWijken } from './helpers.js';

const wijken = loadWijken();
const DAY = 86_400_000;
const base: DemoIncidentOptions = {
  wijken,
  from: new Date('2021-01-01T00:00:00+01:00'),
  to: new Date('2024-01-01T00:00:00+01:00'),
  seed: 20240101,
};
const { incidents, hotspots, parameters } = generateDemoIncidents(base);
const isBurglary = (i: DemoIncident) => i.kind === 'woninginbraak' || i.kind === 'poging_woninginbraak';
const burglaries = incidents.filter(isBurglary);
/** Four times the default burglary rate: more power for the distribution-shape tests. */
const large = generateDemoIncidents({ ...base, burglaryRate: 10 }).incidents;
const largeBurglaries = large.filter(isBurglary);
const totalDwellings = wijken.reduce((s, w) => s + w.woningen, 0);
const years = 3;

/** Pairs of burglaries within 200 m and 14 days of each other (Knox-style count). */
function closePairs(events: { x: number; y: number; t: number }[]): number {
  let n = 0;
  for (let i = 0; i < events.length; i++) {
    for (let j = i + 1; j < events.length; j++) {
      const a = events[i]!, b = events[j]!;
      if (Math.abs(a.t - b.t) <= 14 * DAY && (a.x - b.x) ** 2 + (a.y - b.y) ** 2 <= 200 ** 2) n++;
    }
  }
  return n;
}

function knoxRatio(events: DemoIncident[]): number {
  const pts = events.map((i) => ({ x: i.x, y: i.y, t: i.trueTime.getTime() }));
  const observed = closePairs(pts);
  const rng = mulberry32(99);
  const times = pts.map((p) => p.t);
  let shuffled = 0;
  const runs = 20;
  for (let r = 0; r < runs; r++) {
    shuffleInPlace(rng, times);
    shuffled += closePairs(pts.map((p, i) => ({ ...p, t: times[i]! })));
  }
  return observed / (shuffled / runs);
}

describe('demo incident generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateDemoIncidents(base);
    expect(again.incidents).toEqual(incidents);
    expect(again.hotspots).toEqual(hotspots);
    const other = generateDemoIncidents({ ...base, seed: base.seed + 1 });
    expect(other.incidents.map((i) => i.x)).not.toEqual(incidents.map((i) => i.x));
  });

  it('keeps the background the same when near repeat is switched off (independent sub-streams)', () => {
    // Same branching ratio (so the same background rate), different offspring kernel.
    const variant = generateDemoIncidents({ ...base, nearRepeat: { branching: 0.2, meanDistance: 40, meanDays: 2 } });
    const key = (i: DemoIncident) => `${i.kind}|${i.trueTime.toISOString()}|${i.x}|${i.y}`;
    expect(variant.incidents.filter((i) => i.generation === 0).map(key)).toEqual(incidents.filter((i) => i.generation === 0).map(key));
    expect(variant.incidents.filter((i) => i.generation > 0).map(key)).not.toEqual(incidents.filter((i) => i.generation > 0).map(key));
    const plain = generateDemoIncidents({ ...base, nearRepeat: false });
    expect(plain.incidents.every((i) => i.generation === 0 && i.parentId === undefined)).toBe(true);
  });

  it('produces valid incidents, marked demo, with unique ids, inside their wijk', () => {
    const ids = new Set(incidents.map((i) => i.sourceId));
    expect(ids.size).toBe(incidents.length);
    const byCode = new Map(wijken.map((w) => [w.code, w]));
    for (const i of incidents) {
      expect(i.demo).toBe(true);
      expect(ValidIncidentSchema.safeParse(i).success).toBe(true);
      expect(inWijk(byCode.get(i.wijkCode)!, i.x, i.y)).toBe(true);
    }
    expect(incidents[0]!.sourceId).toBe(`DEMO-${base.seed}-000001`);
  });

  it('has realistic volumes and a kind mix dominated by burglary (~30 % attempts)', () => {
    const expected = (parameters.burglaryRate * totalDwellings * years) / 1000; // ~560
    expect(burglaries.length).toBeGreaterThan(expected * 0.8);
    expect(burglaries.length).toBeLessThan(expected * 1.2);
    const attempts = burglaries.filter((i) => i.kind === 'poging_woninginbraak').length / burglaries.length;
    expect(attempts).toBeGreaterThan(0.22);
    expect(attempts).toBeLessThan(0.38);
    expect(burglaries.length / incidents.length).toBeGreaterThan(0.5);
    for (const k of ['straatroof', 'overval', 'geweld'] as const) expect(incidents.some((i) => i.kind === k)).toBe(true);
    for (const i of burglaries) expect(['rijtjeswoning', 'hoekwoning', 'twee_onder_een_kap', 'vrijstaand', 'appartement']).toContain(i.targetType);
    const mos = new Set(burglaries.map((i) => i.modusOperandi));
    for (const mo of ['flipperen', 'cilinder trekken', 'openbreken raam', 'inklimmen']) expect(mos).toContain(mo);
  });

  it('distributes burglaries over wijken in proportion to dwellings', () => {
    const counts = new Map<string, number>();
    for (const i of burglaries) counts.set(i.wijkCode, (counts.get(i.wijkCode) ?? 0) + 1);
    const perDwelling = burglaries.length / totalDwellings;
    const xs = wijken.map((w) => w.woningen);
    const ys = wijken.map((w) => counts.get(w.code) ?? 0);
    for (const w of wijken.filter((w) => w.woningen >= 4000)) {
      const ratio = (counts.get(w.code) ?? 0) / (w.woningen * perDwelling);
      expect(ratio, w.code).toBeGreaterThan(0.6);
      expect(ratio, w.code).toBeLessThan(1.6);
    }
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const mx = mean(xs), my = mean(ys);
    const cov = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
    const r = cov / Math.sqrt(xs.reduce((s, x) => s + (x - mx) ** 2, 0) * ys.reduce((s, y) => s + (y - my) ** 2, 0));
    expect(r).toBeGreaterThan(0.9);
  });

  it('concentrates burglaries around the seeded hot spots in denser wijken', () => {
    expect(hotspots).toHaveLength(5);
    const byCode = new Map(wijken.map((w) => [w.code, w]));
    for (const h of hotspots) {
      const w = byCode.get(h.wijkCode)!;
      const inWijkCount = burglaries.filter((i) => i.wijkCode === h.wijkCode).length;
      const near = burglaries.filter((i) => (i.x - h.x) ** 2 + (i.y - h.y) ** 2 <= 300 ** 2).length;
      // Compare with what a uniform spread over the wijk would put within 300 m.
      const ringArea = (r: number[][]) => Math.abs(r.reduce((s, p, k) => { const q = r[(k + 1) % r.length]!; return s + p[0]! * q[1]! - q[0]! * p[1]!; }, 0) / 2);
      const area = (w.geometry.type === 'MultiPolygon' ? w.geometry.coordinates.map((p) => p[0]!) : [w.geometry.coordinates[0]!]).reduce((s, r) => s + ringArea(r), 0);
      const uniformNear = (inWijkCount * Math.PI * 300 ** 2) / area;
      expect(near / uniformNear, h.wijkCode).toBeGreaterThan(3);
      expect(w.woningen / (area / 10_000)).toBeGreaterThanOrEqual(5);
    }
  });

  it('follows the Donkere Dagen seasonality (October-March above summer, peak December/January)', () => {
    const perMonth = new Array(12).fill(0) as number[];
    for (const i of largeBurglaries) perMonth[amsterdamParts(i.trueTime).month - 1]!++;
    const sum = (ms: number[]) => ms.reduce((s, m) => s + perMonth[m - 1]!, 0);
    const ddo = sum([10, 11, 12, 1, 2, 3]) / 182;
    const rest = sum([4, 5, 6, 7, 8, 9]) / 183;
    expect(ddo / rest).toBeGreaterThan(1.3);
    expect(sum([12, 1]) / 62 / (sum([6, 7]) / 61)).toBeGreaterThan(1.5);
    const summer = incidents.filter((i) => i.kind === 'geweld' && [6, 7, 8].includes(amsterdamParts(i.trueTime).month)).length;
    const winter = incidents.filter((i) => i.kind === 'geweld' && [11, 12, 1].includes(amsterdamParts(i.trueTime).month)).length;
    expect(summer).toBeGreaterThan(0);
    expect(winter).toBeGreaterThan(0);
  });

  it('has an evening peak (17-22 h) and weekday daytime burglaries', () => {
    const perHour = new Array(24).fill(0) as number[];
    let weekdayDay = 0, weekdayNight = 0;
    for (const i of largeBurglaries) {
      const p = amsterdamParts(i.trueTime);
      perHour[p.hour]!++;
      if (p.weekday >= 1 && p.weekday <= 5) {
        if (p.hour >= 9 && p.hour < 16) weekdayDay++;
        if (p.hour >= 1 && p.hour < 6) weekdayNight++;
      }
    }
    const mean = largeBurglaries.length / 24;
    const evening = (perHour[17]! + perHour[18]! + perHour[19]! + perHour[20]! + perHour[21]!) / 5;
    const night = (perHour[2]! + perHour[3]! + perHour[4]! + perHour[5]!) / 4;
    expect(evening / mean).toBeGreaterThan(1.5);
    expect(evening / night).toBeGreaterThan(3);
    expect(weekdayDay / 7).toBeGreaterThan((weekdayNight / 5) * 1.8);
  });

  it('registers time windows that contain the true time, with realistic lengths', () => {
    for (const i of large) {
      expect(i.from.getTime()).toBeLessThanOrEqual(i.trueTime.getTime());
      expect(i.trueTime.getTime()).toBeLessThanOrEqual(i.to.getTime());
      if (i.from.getTime() !== i.to.getTime()) expect(i.from.getTime() % 300_000).toBe(0);
    }
    const hours = largeBurglaries.map((i) => (i.to.getTime() - i.from.getTime()) / 3_600_000).sort((a, b) => a - b);
    const median = hours[Math.floor(hours.length / 2)]!;
    expect(median).toBeGreaterThan(1);
    expect(median).toBeLessThan(12);
    const exact = hours.filter((h) => h === 0).length / hours.length;
    expect(exact).toBeGreaterThan(0.03);
    expect(exact).toBeLessThan(0.2);
    const multiDay = hours.filter((h) => h >= 24).length / hours.length;
    expect(multiDay).toBeGreaterThan(0.04);
    expect(multiDay).toBeLessThan(0.25);
    expect(hours.at(-1)!).toBeLessThanOrEqual(16 * 24 + 1);
    const others = large.filter((i) => i.kind === 'straatroof' || i.kind === 'overval' || i.kind === 'geweld');
    const othersExact = others.filter((i) => i.from.getTime() === i.to.getTime()).length / others.length;
    expect(othersExact).toBeGreaterThan(0.7);
    expect(Math.max(...others.map((i) => i.to.getTime() - i.from.getTime()))).toBeLessThanOrEqual(35 * 60_000);
  });

  it('has a genuine near-repeat process: offspring near their parent and more close pairs than time-shuffled', () => {
    const byId = new Map(incidents.map((i) => [i.sourceId, i]));
    const offspring = burglaries.filter((i) => i.parentId);
    expect(offspring.length / burglaries.length).toBeGreaterThan(0.1);
    expect(offspring.length / burglaries.length).toBeLessThan(0.35);
    for (const c of offspring) {
      const p = byId.get(c.parentId!)!;
      expect(['woninginbraak', 'poging_woninginbraak']).toContain(p.kind);
      expect(Math.hypot(c.x - p.x, c.y - p.y)).toBeLessThanOrEqual(200.01);
      const dt = c.trueTime.getTime() - p.trueTime.getTime();
      expect(dt).toBeGreaterThan(0);
      expect(dt).toBeLessThanOrEqual(14 * DAY);
      expect(c.generation).toBe(p.generation + 1);
    }
    expect(knoxRatio(burglaries)).toBeGreaterThan(1.5);
    // Control: without near repeat, the same statistic shows no excess.
    const plain = generateDemoIncidents({ ...base, nearRepeat: false }).incidents.filter((i) => i.kind === 'woninginbraak' || i.kind === 'poging_woninginbraak');
    const control = knoxRatio(plain);
    expect(control).toBeGreaterThan(0.5);
    expect(control).toBeLessThan(1.5);
  });

  it('validates its options', () => {
    expect(() => generateDemoIncidents({ ...base, to: base.from })).toThrow(RangeError);
    expect(() => generateDemoIncidents({ ...base, nearRepeat: { branching: 1 } })).toThrow(RangeError);
    expect(() => generateDemoIncidents({ ...base, wijken: [] })).toThrow(RangeError);
  });
});
