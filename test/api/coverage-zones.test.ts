/**
 * WhatsApp coverage of near-repeat zones (GET /api/nearrepeat/zones: whatsappCovered and
 * whatsappGroups) and the outline and place of each gap in GET /api/coverage/groups, on a real
 * database: a zone without a group is "nee", a group drawn over it makes it "ja" with the group's
 * name and takes it out of the gap list; a dormant group or one that only grazes it does not count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { ZonesResponseSchema } from '../../server/contract/nearrepeat.js';
import { GroupCoverageSchema } from '../../server/routes/coverage.js';
import { rdToWgs84 } from '../../server/domain/crs.js';
import { loginAs, testApp, withHeaders } from '../support/db.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let app: App;
let red: App;
let analist: App;

beforeAll(async () => {
  ({ db, app } = await testApp());
  red = withHeaders(app, await loginAs(app, db, 'redacteur'));
  analist = withHeaders(app, await loginAs(app, db, 'analist'));
  await db.query('DELETE FROM incident');
  const [batch] = await db.query<{ id: number }>("INSERT INTO import_batch (source, format) VALUES ('coverage-zones-test', 'csv') RETURNING id::int AS id");
  // One burglary well inside wijk Centrum (RD New): a 100 m zone around it on 2025-03-12.
  await db.query(
    `INSERT INTO incident (source_id, batch_id, kind, time_from, time_to, geom, address)
     VALUES ('CZ-1', $1, 'woninginbraak', '2025-03-10T16:00:00Z', '2025-03-10T20:00:00Z', ST_SetSRID(ST_MakePoint(194300, 469600), 28992), 'Straat 1')`,
    [batch!.id],
  );
});
afterAll(async () => db?.close());

const Q = 'date=2025-03-12&radius=100&days=14';
/** An RD New rectangle as a WGS84 polygon. */
const rdRect = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]].map(([x, y]) => rdToWgs84(x!, y!))],
});

async function zone() {
  const res = await analist.request(`/api/nearrepeat/zones?${Q}`);
  expect(res.status, await res.clone().text()).toBe(200);
  const body = ZonesResponseSchema.parse(await res.json());
  expect(body.zones.features).toHaveLength(1);
  return body.zones.features[0]!.properties;
}
async function group(geometry: unknown, name: string, status = 'actief'): Promise<number> {
  const res = await red.request('/api/groups', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'Feature', geometry, properties: { name, status } }) });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: number }).id;
}
async function remove(id: number) {
  const got = (await (await red.request(`/api/groups/${id}`)).json()) as { properties: { version: number } };
  expect((await red.request(`/api/groups/${id}?version=${got.properties.version}`, { method: 'DELETE' })).status).toBe(200);
}

describe('near-repeat zone cards: WhatsApp coverage', () => {
  it('says nee without a group, nee for a dormant group or one that only grazes the zone, and ja with the name for a group over it', async () => {
    expect(await zone()).toMatchObject({ whatsappCovered: false, whatsappGroups: [] });

    const dormant = await group(rdRect(194100, 469400, 194500, 469800), 'Slapende groep', 'slapend');
    const graze = await group(rdRect(194380, 469400, 194700, 469800), 'Rand');
    try {
      const p = await zone();
      expect(p.whatsappCovered).toBe(false);
      expect(p.whatsappGroups).toEqual([{ id: graze, name: 'Rand' }]);

      const over = await group(rdRect(194150, 469450, 194450, 469750), 'Buurtapp Centrum');
      try {
        const q = await zone();
        expect(q.whatsappCovered).toBe(true);
        expect(q.whatsappGroups[0]).toEqual({ id: over, name: 'Buurtapp Centrum' });
      } finally {
        await remove(over);
      }
      expect((await zone()).whatsappCovered).toBe(false);
    } finally {
      await remove(dormant);
      await remove(graze);
    }
  });

  it('agrees with the gap list: the zone is a gap (with outline and place) exactly while no group covers it', async () => {
    const gaps = async () => {
      const res = await analist.request('/api/coverage/groups');
      expect(res.status, await res.clone().text()).toBe(200);
      return GroupCoverageSchema.parse(await res.json()).uncoveredHotspots.filter((h) => h.kind === 'nearrepeat');
    };
    // The coverage answer takes today's zones: move the burglary to yesterday for this test.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await db.query("UPDATE incident SET time_from = $1::timestamptz - interval '4 hours', time_to = $1::timestamptz WHERE source_id = 'CZ-1'", [yesterday]);
    try {
      const before = await gaps();
      expect(before).toHaveLength(1);
      expect(before[0]!.place).toBeTruthy();
      expect(before[0]!.geometry?.type).toMatch(/Polygon/);
      const id = await group(rdRect(193800, 469100, 194800, 470100), 'Grote groep');
      try {
        expect(await gaps()).toEqual([]);
      } finally {
        await remove(id);
      }
    } finally {
      await db.query("UPDATE incident SET time_from = '2025-03-10T16:00:00Z', time_to = '2025-03-10T20:00:00Z' WHERE source_id = 'CZ-1'");
    }
  });
});
