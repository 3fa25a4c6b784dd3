/** Pure parts of the registers: park size class, CSV, route rules from the registry, demo generators. */
import { readFileSync } from 'node:fs';
import { booleanPointInPolygon, polygon, multiPolygon, centroid } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { parkSizeClass } from '../../../server/domain/registers/park-size.js';
import { registerCsv } from '../../../server/domain/registers/csv.js';
import { REGISTERS, registerRouteRules } from '../../../server/registers/registry.js';
import { ROUTE_TABLE } from '../../../server/auth/route-table.js';
import { demoWijkenFromGeoJson } from '../../../server/demo/incidents.js';
import { areaHa, RURAL_DEMO_WIJKEN } from '../../../server/demo/registers.js';
import { mulberry32 } from '../../../server/domain/random.js';
import type { DemoArea } from '../../../server/registers/types.js';

describe('parkSizeClass', () => {
  it('is groot from the units or the beds threshold, klein below, null without capacity', () => {
    expect(parkSizeClass({ units: 50 })).toBe('groot');
    expect(parkSizeClass({ units: 49 })).toBe('klein');
    expect(parkSizeClass({ units: 10, beds: 200 })).toBe('groot');
    expect(parkSizeClass({ units: null, beds: 199 })).toBe('klein');
    expect(parkSizeClass(null)).toBeNull();
    expect(parkSizeClass({ units: null, beds: null })).toBeNull();
    expect(parkSizeClass({ units: 60 }, { largeFromUnits: 100, largeFromBeds: 1000 })).toBe('klein');
  });
});

describe('registerCsv', () => {
  it('writes ; separated quoted cells, JSON for nested values, ja/nee, a formula guard and the demo comment', () => {
    const csv = registerCsv(
      [{ id: 7, properties: { name: '=SOM(A1)', kind: 'camping', list: [{ a: 1 }], version: 2, demo: true }, wkt: 'POINT(5.9 52.2)' }],
      [
        { key: 'name', label: 'naam' },
        { key: 'kind', label: 'soort' },
        { key: 'list', label: 'lijst' },
      ],
      'DEMO — fictieve gegevens',
    );
    expect(csv).toBe('# DEMO — fictieve gegevens\n"id";"naam";"soort";"lijst";"versie";"demo";"geometrie_wkt"\n"7";"\'=SOM(A1)";"camping";"[{""a"":1}]";"2";"ja";"POINT(5.9 52.2)"\n');
    expect(registerCsv([], [{ key: 'name', label: 'naam' }], null)).toBe('"id";"naam";"versie";"demo";"geometrie_wkt"\n');
  });
});

describe('the registry', () => {
  it('gives every register eight routes with rules, all in the route table', () => {
    const rules = registerRouteRules();
    expect(Object.keys(rules)).toHaveLength(REGISTERS.length * 8);
    for (const [k, v] of Object.entries(rules)) expect(ROUTE_TABLE[k]).toBe(v);
    expect(rules['GET /api/groups']).toBe('aggregates:read');
    expect(rules['PATCH /api/parks/:id']).toBe('registers:edit');
    expect(rules['POST /api/groups/import']).toBe('registers:edit');
    expect(rules['GET /api/fire-compartments/:id/history']).toBe('registers:contacts');
  });

  it('has unique names, paths and tables, and the same keys in columns as in the schema (or derived)', () => {
    for (const key of ['name', 'path', 'table'] as const) expect(new Set(REGISTERS.map((r) => r[key])).size).toBe(REGISTERS.length);
    for (const r of REGISTERS) {
      const known = new Set([...Object.keys(r.properties.shape), ...Object.keys(r.derive?.({}, r.settings ?? {}) ?? {})]);
      for (const c of r.columns) expect(known.has(c.key), `${r.name}.${c.key}`).toBe(true);
      for (const p of r.personal) expect(known.has(p)).toBe(true);
      for (const l of r.lines) expect(known.has(l.key)).toBe(true);
    }
  });
});

describe('demo generators', () => {
  const fc = JSON.parse(readFileSync('geodata/apeldoorn-wijken.geojson', 'utf8')) as Parameters<typeof demoWijkenFromGeoJson>[0];
  const wijken: DemoArea[] = demoWijkenFromGeoJson(fc).map((w) => ({ code: w.code, name: w.name ?? w.code, woningen: w.woningen, geometry: w.geometry }));
  const shape = (w: DemoArea) => (w.geometry.type === 'Polygon' ? polygon(w.geometry.coordinates) : multiPolygon(w.geometry.coordinates)) as ReturnType<typeof polygon>;
  const wijkOf = (g: { type: string; coordinates: unknown }) => {
    const c = centroid({ type: 'Feature', properties: {}, geometry: g } as never).geometry.coordinates;
    return wijken.find((w) => booleanPointInPolygon(c, shape(w)));
  };
  const now = new Date('2026-06-01T00:00:00Z');

  // The actions register holds real records from the plan (seeded, not generated): no demo data.
  for (const decl of REGISTERS.filter((r) => r.demo)) {
    const demo = decl.demo!;
    it(`${decl.name}: same seed, same records; every record valid and named as demo`, () => {
      const a = demo.generate({ wijken, rng: mulberry32(demo.seed), now });
      const b = demo.generate({ wijken, rng: mulberry32(demo.seed), now });
      expect(a).toEqual(b);
      expect(a.length).toBeGreaterThan(5);
      const lineKeys = new Set(decl.lines.map((l) => l.key));
      const schema = decl.properties.omit(Object.fromEntries([...lineKeys].map((k) => [k, true])) as never);
      for (const r of a) {
        const plain = Object.fromEntries(Object.entries(r.properties).filter(([k]) => !lineKeys.has(k)));
        expect(schema.safeParse(plain).success, JSON.stringify(plain)).toBe(true);
        expect(String(r.properties.name)).toMatch(/^Demo /);
        expect(JSON.stringify(r.properties.contact ?? {})).not.toMatch(/@(?!example\.org)/);
        expect(decl.geometryKinds).toContain(r.geometry.type);
      }
    });
  }

  it('puts groups in residential wijken and parks and compartments only in the rural ones', () => {
    const rng = (s: number) => mulberry32(s);
    const groupWijken = REGISTERS.find((r) => r.name === 'groups')!.demo!.generate({ wijken, rng: rng(1), now }).map((r) => wijkOf(r.geometry));
    expect(groupWijken.every((w) => w && (w.woningen / areaHa(w) >= 2 || w.woningen > 1000))).toBe(true);
    for (const name of ['parks', 'fire-compartments']) {
      const recs = REGISTERS.find((r) => r.name === name)!.demo!.generate({ wijken, rng: rng(2), now });
      const names = new Set(recs.map((r) => wijkOf(r.geometry)?.name));
      expect([...names].every((n) => n && RURAL_DEMO_WIJKEN.test(n)), [...names].join(', ')).toBe(true);
      expect(names.size).toBe(5);
    }
  });
});
