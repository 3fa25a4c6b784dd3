/**
 * DEMO DATA: holiday parks in and near the demo wildfire-risk compartments, as the fire service
 * meets them around Hoog Soeren and the Asselse heide, so the Brandweer table and the park
 * information cards have content on demo data. Entirely fictitious, like every demo record
 * (server/demo/registers.ts; geodata/SOURCES.md).
 *
 * Model (choices for a demo, not statistics): the compartments are re-generated from their own
 * seed (DEMO_COMPARTMENT_SEED, the same records the compartments register seeds); one park per
 * compartment, two per 'hoog'/'zeer hoog' one, centred 0.1-1.1 compartment radii from its centre
 * (so some lie inside, some just outside, "nabij") within a rural wijk and clipped to it; plans
 * weighted towards none/draft (40 % none, 30 % draft, 30 % adopted); each park has 1-3 fire-service
 * visits, 1-2 exercises and 1-2 integral control actions within two years, whose findings name
 * permanent residence, the night register or BRP registration among others. The parks
 * declaration appends them after demoParks on the same rng, so the first parks stay as they were.
 */
import { booleanPointInPolygon, featureCollection, intersect, polygon as turfPolygon } from '@turf/turf';
import { mulberry32, randomInt, type Rng } from '../domain/random.js';
import type { DemoArea, DemoRecord } from '../registers/types.js';
import { blob, contact, dateBefore, DEMO_COMPARTMENT_SEED, DEMO_PARK_KINDS, demoCompartments, PARTNERS, pick, RURAL_DEMO_WIJKEN, shapeOf } from './registers.js';

const NEAR_NAMES = ['Het Asselse Veld', 'De Soerense Hei', 'Het Jachthuis', 'De Sprengenhoek', 'Het Vennenbos', 'De Wildbaan', 'Het Heidehuis', 'De Dennenhoeve', 'Het Boswachtershuis', 'De Zandkuil', 'Het Ruigveld', 'De Hertenwei', 'Het Spechtenbos', 'De Heidegaard', 'Het Stuifzand', 'De Koppelweg', 'Het Reeënpad', 'De Vossenberg'];
const NEAR_FINDINGS = ['permanente bewoning geconstateerd in 3 chalets', 'nachtregister niet bijgehouden', 'inschrijving BRP ontbreekt bij enkele bewoners', 'vluchtwegen vrij', 'brandblusmiddelen gekeurd', 'bluswatervoorziening niet bereikbaar'];

/** Parks in and near the demo compartments (see the header); numbering continues after `n0`. */
export function demoParksNearCompartments(ctx: { wijken: readonly DemoArea[]; rng: Rng; now: Date }, n0: number): DemoRecord[] {
  const { rng, now } = ctx;
  const rural = ctx.wijken.filter((x) => RURAL_DEMO_WIJKEN.test(x.name)).map((w) => ({ w, shape: shapeOf(w) }));
  const comps = demoCompartments({ wijken: ctx.wijken, rng: mulberry32(DEMO_COMPARTMENT_SEED), now });
  const out: DemoRecord[] = [];
  let n = n0;
  for (const c of comps) {
    const centre = (c.properties.accessRoutes as { coordinates: number[][] }).coordinates[0]!;
    const xs = (c.geometry.type === 'Polygon' ? (c.geometry.coordinates as number[][][]).flat() : (c.geometry.coordinates as number[][][][]).flat(2)).map((p) => p[0]!);
    const r = (Math.max(...xs) - Math.min(...xs)) / 2;
    const count = c.properties.riskClass === 'hoog' || c.properties.riskClass === 'zeer hoog' ? 2 : 1;
    for (let i = 0; i < count; i++) {
      let placed: DemoRecord['geometry'] | null = null;
      for (let t = 0; t < 8 && !placed; t++) {
        const a = rng() * 2 * Math.PI;
        const d = r * (0.1 + rng());
        const [x, y] = [centre[0]! + d * Math.cos(a), centre[1]! + d * Math.sin(a)];
        const home = rural.find((h) => booleanPointInPolygon([x, y], h.shape));
        if (!home) continue;
        const clipped = intersect(featureCollection([turfPolygon([blob(rng, x, y, 100 + rng() * 200)]), home.shape]));
        if (clipped?.geometry.type === 'Polygon') placed = { type: 'Polygon', coordinates: clipped.geometry.coordinates.map((ring) => ring.map(([px, py]) => [Math.round(px! * 100) / 100, Math.round(py! * 100) / 100])) };
      }
      if (!placed) continue;
      n++;
      const kind = pick(rng, DEMO_PARK_KINDS);
      const units = kind === 'minicamping' ? 10 + randomInt(rng, 16) : 20 + randomInt(rng, 300);
      const roll = rng();
      const plan = roll < 0.4 ? { status: 'geen', date: null } : roll < 0.7 ? { status: 'concept', date: null } : { status: 'vastgesteld', date: dateBefore(rng, now, 3 * 365) };
      const byDate = <T extends { date: string }>(a: T[]) => a.sort((p, q) => p.date.localeCompare(q.date));
      const label = kind === 'camping' || kind === 'minicamping' ? 'camping' : 'vakantiepark';
      out.push({
        geometry: placed,
        properties: {
          name: `Demo ${label} ${NEAR_NAMES[(n - n0 - 1) % NEAR_NAMES.length]}${n - n0 > NEAR_NAMES.length ? ` ${Math.ceil((n - n0) / NEAR_NAMES.length)}` : ''}`,
          kind,
          capacity: { units, beds: Math.round(units * (3 + rng())) },
          evacuationPlan: plan,
          fireServiceVisits: byDate(Array.from({ length: 1 + randomInt(rng, 3) }, () => ({ date: dateBefore(rng, now, 2 * 365), notes: pick(rng, ['Demo: bereikbaarheid en bluswater gecontroleerd', 'Demo: kennismaking, ontruimingsplan besproken', 'Demo: brandpreventieve schouw']) }))),
          evacuationExercises: byDate(Array.from({ length: 1 + randomInt(rng, 2) }, () => ({ date: dateBefore(rng, now, 2 * 365), notes: 'Demo: ontruimingsoefening met personeel en gasten' }))),
          controlActions: byDate(Array.from({ length: 1 + randomInt(rng, 2) }, () => ({
            date: dateBefore(rng, now, 2 * 365),
            partners: [...new Set(['gemeente', pick(rng, PARTNERS), pick(rng, PARTNERS)])],
            findings: [...new Set([pick(rng, NEAR_FINDINGS), pick(rng, NEAR_FINDINGS)])],
          }))),
          contact: contact(100 + n, 'exploitant'),
        },
      });
    }
  }
  return out;
}
