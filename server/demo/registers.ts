/**
 * DEMO DATA for the registers: seeded generators of plausible, entirely fictitious WhatsApp
 * neighbourhood groups, holiday parks and wildfire-risk compartments for Apeldoorn. No open
 * register of these exists offline (geodata/SOURCES.md); every record made here is stored with
 * demo = true, shown with the demo badge, named "Demo …" and replaced by the first real import of
 * its register.
 *
 * Pure: no I/O, no clock, no Math.random; wijk shapes (RD New metres, the real CBS wijken from the
 * district table), a seeded rng (mulberry32, server/domain/random.ts) and a reference date in.
 *
 * Model (choices for a demo, not statistics):
 * - Groups: over residential wijken (at least 2 dwellings per ha: the city wijken), one group per
 *   about 1,500 dwellings (at least one per residential wijk), plus one in each village wijk with
 *   more than 1,000 dwellings. Area: an irregular 12-gon of radius 200-450 m around a uniform point
 *   in the wijk, clipped to the wijk. 15-120 members, founded 2015-2024, 85 % active, 0-6 signs.
 * - Parks: in the rural wijken of the Veluwe and its edge (Hoog Soeren, Hoenderloo, Beekbergen,
 *   Uddel, Loenen: matched on the wijk name), 3 per wijk; an irregular polygon of radius 120-350 m.
 *   Kind, capacity (units 10-400, beds about 3.5 per unit), evacuation plan (none/draft/approved
 *   with date), 0-3 fire-service visits, 0-2 exercises, 0-2 integral control actions.
 *   Then parks in and near the demo compartments: server/demo/parks-near-compartments.ts.
 * - Compartments: 2 per rural wijk in Hoog Soeren, Hoenderloo, Uddel, Beekbergen and Loenen: an
 *   irregular polygon of radius 500-1,200 m clipped to the wijk, a risk class (weighted towards
 *   middel/hoog on the Veluwe), 1-3 measures, 0-2 agreements, one access route and one evacuation
 *   route (straight-ish lines from the centre outwards).
 * - Contacts are fictitious: "Demo-contactpersoon N", e-mail at example.org (RFC 2606), phone
 *   numbers in the unissued 055-000 range.
 */
import { booleanPointInPolygon, intersect, featureCollection, polygon as turfPolygon, multiPolygon as turfMultiPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { randomInt, type Rng } from '../domain/random.js';
import type { DemoArea, DemoRecord } from '../registers/types.js';

/** The seed of the demo compartments (fire-compartments.ts), also used to place parks near them. */
export const DEMO_COMPARTMENT_SEED = 20260703;

/** Rural wijken that get parks and compartments (matched on the CBS wijk name). */
export const RURAL_DEMO_WIJKEN = /Hoog Soeren|Hoenderloo|Beekbergen|Uddel|Loenen/i;

type RdShape = Feature<Polygon | MultiPolygon>;

export function shapeOf(w: DemoArea): RdShape {
  return w.geometry.type === 'Polygon' ? turfPolygon(w.geometry.coordinates) : turfMultiPolygon(w.geometry.coordinates);
}

function bboxOf(w: DemoArea): [number, number, number, number] {
  const rings = w.geometry.type === 'Polygon' ? w.geometry.coordinates : w.geometry.coordinates.flat();
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings)
    for (const [x, y] of ring) {
      x0 = Math.min(x0, x!);
      y0 = Math.min(y0, y!);
      x1 = Math.max(x1, x!);
      y1 = Math.max(y1, y!);
    }
  return [x0, y0, x1, y1];
}

/** Area in hectares (shoelace on RD metres, holes subtracted). */
export function areaHa(w: DemoArea): number {
  const ring = (r: number[][]) => {
    let s = 0;
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j]![0]! + r[i]![0]!) * (r[j]![1]! - r[i]![1]!);
    return Math.abs(s) / 2;
  };
  const polys = w.geometry.type === 'Polygon' ? [w.geometry.coordinates] : w.geometry.coordinates;
  let a = 0;
  for (const p of polys) p.forEach((r, i) => (a += i === 0 ? ring(r) : -ring(r)));
  return a / 10_000;
}

/** A uniform point inside the wijk (rejection sampling in its bounding box). */
export function pointIn(rng: Rng, w: DemoArea, shape = shapeOf(w)): [number, number] {
  const [x0, y0, x1, y1] = bboxOf(w);
  for (let i = 0; i < 10_000; i++) {
    const p: [number, number] = [x0 + rng() * (x1 - x0), y0 + rng() * (y1 - y0)];
    if (booleanPointInPolygon(p, shape)) return p;
  }
  throw new Error(`demo: geen punt gevonden in ${w.code}`);
}

/** An irregular n-gon around (cx, cy), radius r ± 30 %, closed ring, counter-clockwise. */
export function blob(rng: Rng, cx: number, cy: number, r: number, n = 12): number[][] {
  const ring: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const rr = r * (0.7 + 0.6 * rng());
    ring.push([Math.round(cx + rr * Math.cos(a)), Math.round(cy + rr * Math.sin(a))]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** The blob clipped to the wijk; the blob itself when clipping leaves nothing (should not happen). */
function areaIn(rng: Rng, w: DemoArea, shape: RdShape, r: number): { geometry: DemoRecord['geometry']; centre: [number, number] } {
  const centre = pointIn(rng, w, shape);
  const b = turfPolygon([blob(rng, centre[0], centre[1], r)]);
  const clipped = intersect(featureCollection([b, shape]));
  const g = clipped?.geometry ?? b.geometry;
  const round = (c: number[][]) => c.map(([x, y]) => [Math.round(x! * 100) / 100, Math.round(y! * 100) / 100]);
  const geometry = g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(round) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(round)) };
  return { geometry, centre };
}

export const pick = <T>(rng: Rng, a: readonly T[]): T => a[randomInt(rng, a.length)]!;
const pad2 = (n: number) => String(n).padStart(2, '0');

/** A date (YYYY-MM-DD) uniformly within `days` days before `now`. */
export function dateBefore(rng: Rng, now: Date, days: number): string {
  const d = new Date(now.getTime() - Math.floor(rng() * days) * 86_400_000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

export function contact(n: number, role: string): Record<string, string> {
  return { name: `Demo-contactpersoon ${n} (${role})`, phone: `055-000 ${String(n).padStart(4, '0')}`, email: `demo-contact-${n}@example.org` };
}

const STREETS = ['Eikenlaan', 'Berkenhof', 'Lindeplein', 'Kastanjestraat', 'Beukenrode', 'Wilgenweg', 'Esdoornstraat', 'Sparrenlaan', 'Vlierhof', 'Hazelaarweg', 'Meidoornpad', 'Lijsterbesstraat'];

/** WhatsApp groups over residential wijken. */
export function demoGroups(ctx: { wijken: readonly DemoArea[]; rng: Rng; now: Date }): DemoRecord[] {
  const { rng, now } = ctx;
  const out: DemoRecord[] = [];
  let n = 0;
  for (const w of ctx.wijken) {
    const density = w.woningen / Math.max(1, areaHa(w));
    const count = density >= 2 ? Math.max(1, Math.round(w.woningen / 1500)) : w.woningen > 1000 ? 1 : 0;
    const shape = shapeOf(w);
    for (let i = 0; i < count; i++) {
      n++;
      const { geometry } = areaIn(rng, w, shape, 200 + rng() * 250);
      const year = 2015 + randomInt(rng, 10);
      out.push({
        geometry,
        properties: {
          name: `Demo buurtapp ${pick(rng, STREETS)} (${w.name})`,
          areaSource: 'getekend',
          areaCode: null,
          memberCount: 15 + randomInt(rng, 106),
          founded: `${year}-${pad2(1 + randomInt(rng, 12))}-${pad2(1 + randomInt(rng, 28))}`,
          status: rng() < 0.85 ? 'actief' : 'slapend',
          signsPlaced: randomInt(rng, 7),
          contact: contact(n, 'beheerder groep'),
        },
      });
    }
  }
  return out;
}

export const DEMO_PARK_KINDS = ['bungalowpark', 'camping', 'groepsaccommodatie', 'chaletpark', 'minicamping'] as const;
const PARK_NAMES = ['De Heidebloem', 'Het Sprengenbos', 'De Woudreus', 'Het Edelhert', 'De Vlinderhoeve', 'Het Zandverstuiven', 'De Dennenhorst', 'Het Wildspoor', 'De Eekhoorn', 'De Bosrand', 'Het Veluwezicht', 'De Hertenkamp', 'De Beukenhoeve', 'Het Heideveld', 'De Zonnehoek'];
export const PARTNERS = ['gemeente', 'politie', 'brandweer', 'Belastingdienst', 'Omgevingsdienst'];
const FINDINGS = ['permanente bewoning geconstateerd', 'nachtregister niet bijgehouden', 'vluchtwegen vrij', 'brandblusmiddelen gekeurd', 'geen bijzonderheden', 'inschrijving BRP ontbreekt bij enkele bewoners'];

/** Holiday parks in the rural wijken. */
export function demoParks(ctx: { wijken: readonly DemoArea[]; rng: Rng; now: Date }): DemoRecord[] {
  const { rng, now } = ctx;
  const out: DemoRecord[] = [];
  let n = 0;
  for (const w of ctx.wijken.filter((x) => RURAL_DEMO_WIJKEN.test(x.name))) {
    const shape = shapeOf(w);
    for (let i = 0; i < 3; i++) {
      n++;
      const { geometry } = areaIn(rng, w, shape, 120 + rng() * 230);
      const kind = pick(rng, DEMO_PARK_KINDS);
      const units = kind === 'minicamping' ? 10 + randomInt(rng, 16) : 20 + randomInt(rng, 380);
      const planRoll = rng();
      const plan = planRoll < 0.2 ? { status: 'geen', date: null } : planRoll < 0.45 ? { status: 'concept', date: null } : { status: 'vastgesteld', date: dateBefore(rng, now, 3 * 365) };
      const visits = Array.from({ length: randomInt(rng, 4) }, () => ({ date: dateBefore(rng, now, 3 * 365), notes: 'Demo: controle ontruimingsplan en bereikbaarheid' }));
      const exercises = Array.from({ length: randomInt(rng, 3) }, () => ({ date: dateBefore(rng, now, 3 * 365), notes: 'Demo: ontruimingsoefening met personeel' }));
      const actions = Array.from({ length: randomInt(rng, 3) }, () => ({
        date: dateBefore(rng, now, 3 * 365),
        partners: [...new Set([pick(rng, PARTNERS), pick(rng, PARTNERS), 'gemeente'])],
        findings: [pick(rng, FINDINGS)],
      }));
      out.push({
        geometry,
        properties: {
          name: `Demo ${kind === 'camping' || kind === 'minicamping' ? 'camping' : 'vakantiepark'} ${PARK_NAMES[(n - 1) % PARK_NAMES.length]}`,
          kind,
          capacity: { units, beds: Math.round(units * (3 + rng())) },
          evacuationPlan: plan,
          fireServiceVisits: visits.sort((a, b) => a.date.localeCompare(b.date)),
          evacuationExercises: exercises.sort((a, b) => a.date.localeCompare(b.date)),
          controlActions: actions.sort((a, b) => a.date.localeCompare(b.date)),
          contact: contact(100 + n, 'exploitant'),
        },
      });
    }
  }
  return out;
}

const RISK_WEIGHTS: [string, number][] = [
  ['laag', 0.15],
  ['middel', 0.35],
  ['hoog', 0.35],
  ['zeer hoog', 0.15],
];
const MEASURES = ['brandsingel van 20 m vrijhouden', 'ondergroei verwijderen langs de toegangsweg', 'bluswatervoorziening (geboorde put) aanleggen', 'slagboom voorzien van brandweersleutel', 'bebording vluchtroute plaatsen', 'heide gefaseerd maaien'];
const OWNERS = ['Kroondomein Het Loo (demo)', 'Staatsbosbeheer (demo)', 'Geldersch Landschap (demo)', 'Gemeente Apeldoorn (demo)', 'particuliere eigenaar (demo)'];

/** A line from (x, y) in direction `a`, `len` metres, in 4 slightly wandering segments. */
function wander(rng: Rng, x: number, y: number, a: number, len: number): number[][] {
  const pts = [[Math.round(x), Math.round(y)]];
  for (let i = 0; i < 4; i++) {
    a += (rng() - 0.5) * 0.5;
    x += (len / 4) * Math.cos(a);
    y += (len / 4) * Math.sin(a);
    pts.push([Math.round(x), Math.round(y)]);
  }
  return pts;
}

/** Wildfire-risk compartments in the rural (Veluwe) wijken, with access and evacuation routes. */
export function demoCompartments(ctx: { wijken: readonly DemoArea[]; rng: Rng; now: Date }): DemoRecord[] {
  const { rng, now } = ctx;
  const out: DemoRecord[] = [];
  let n = 0;
  for (const w of ctx.wijken.filter((x) => RURAL_DEMO_WIJKEN.test(x.name))) {
    const shape = shapeOf(w);
    for (let i = 0; i < 2; i++) {
      n++;
      const r = 500 + rng() * 700;
      const { geometry, centre } = areaIn(rng, w, shape, r);
      let u = rng();
      let riskClass = 'middel';
      for (const [c, p] of RISK_WEIGHTS) {
        if (u < p) {
          riskClass = c;
          break;
        }
        u -= p;
      }
      const a = rng() * 2 * Math.PI;
      out.push({
        geometry,
        properties: {
          name: `Demo compartiment ${w.name.split(' ')[0]} ${i + 1}`,
          riskClass,
          measures: Array.from({ length: 1 + randomInt(rng, 3) }, () => ({ description: pick(rng, MEASURES), owner: pick(rng, OWNERS), status: pick(rng, ['afgesproken', 'uitgevoerd'] as const), date: dateBefore(rng, now, 2 * 365) })),
          agreements: Array.from({ length: randomInt(rng, 3) }, () => ({ party: pick(rng, OWNERS), description: 'Demo: beheer brandsingel in ruil voor opbrengst hout', date: dateBefore(rng, now, 3 * 365) })),
          accessRoutes: { type: 'LineString', coordinates: wander(rng, centre[0], centre[1], a, r) },
          evacuationRoutes: { type: 'LineString', coordinates: wander(rng, centre[0], centre[1], a + Math.PI, r * 1.2) },
          contact: contact(200 + n, 'terreinbeheerder'),
        },
      });
    }
  }
  return out;
}
