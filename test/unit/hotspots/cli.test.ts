import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../server/domain/random.js';
import { describe, expect, it } from 'vitest';
import { run, summary } from '../../../server/cli/hotspots.js';
import type { CliIo } from '../../../server/cli/io.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/hotspots/${name}`, import.meta.url));

async function exec(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (s) => (out += s), stderr: (s) => (err += s) };
  const code = await run(args, io);
  return { code, out, err };
}

const rowsOf = (out: string) => out.trimEnd().split('\n').map((l) => l.split(','));

describe('hotspots CLI', () => {
  it('has a Dutch summary', () => {
    expect(summary).toMatch(/hotspot/i);
  });

  it('csv: one row per cell of the snapped bounding box, with hand-checked z-scores', async () => {
    // points.csv: 1 point in cell (155000, 463000), 9 in (155100, 463100), 1 in (155200, 463200)
    const { code, out, err } = await exec(['--input', fixture('points.csv'), '--cell', '100', '--band', '150', '--format', 'csv']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const rows = rowsOf(out);
    expect(rows[0]).toEqual(['cell_x_min', 'cell_y_min', 'count', 'z', 'p']);
    expect(rows.length).toBe(1 + 9);
    expect(rows.slice(1).map((r) => `${r[0]} ${r[1]} ${r[2]}`)).toEqual([
      '155000 463000 1',
      '155100 463000 0',
      '155200 463000 0',
      '155000 463100 0',
      '155100 463100 9',
      '155200 463100 0',
      '155000 463200 0',
      '155100 463200 0',
      '155200 463200 1',
    ]);
    // n = 9, x̄ = 11/9, s = √(83/9 − 121/81) = √626 / 9
    // SW corner: sum 10, W 4: (10 − 44/9) / (√626/9 · √((36 − 16)/8)) = 46 / √1565
    // S edge:    sum 10, W 6: (10 − 66/9) / (√626/9 · 1.5) = 16 / √626
    // SE corner: sum 9,  W 4: 37 / √1565; centre: W = n -> 0
    const z = rows.slice(1).map((r) => Number(r[3]));
    expect(z[0]).toBeCloseTo(46 / Math.sqrt(1565), 10);
    expect(z[1]).toBeCloseTo(16 / Math.sqrt(626), 10);
    expect(z[2]).toBeCloseTo(37 / Math.sqrt(1565), 10);
    expect(z[4]).toBe(0);
    expect(Number(rows[5]![4])).toBe(1);
    const p0 = Number(rows[1]![4]);
    expect(p0).toBeGreaterThan(0.2);
    expect(p0).toBeLessThan(0.3);
  });

  it('semicolon separator, decimal commas, BOM and upper-case headers give the same counts', async () => {
    const a = await exec(['--input', fixture('points.csv')]);
    const b = await exec(['--input', fixture('points-semicolon.csv')]);
    expect(b.code).toBe(0);
    expect(rowsOf(b.out).map((r) => r.slice(0, 3))).toEqual(rowsOf(a.out).map((r) => r.slice(0, 3)));
  });

  it('a point on the max edge gets its own cell', async () => {
    const { out } = await exec(['--input', fixture('edge.csv')]);
    const rows = rowsOf(out).slice(1);
    expect(rows.map((r) => `${r[0]} ${r[2]}`)).toEqual(['155000 1', '155100 0', '155200 1']);
  });

  it('--fdr adds the BH-adjusted p-value column', async () => {
    const { code, out } = await exec(['--input', fixture('points.csv'), '--fdr']);
    expect(code).toBe(0);
    const rows = rowsOf(out);
    expect(rows[0]).toEqual(['cell_x_min', 'cell_y_min', 'count', 'z', 'p', 'p_fdr']);
    for (const r of rows.slice(1)) expect(Number(r[5])).toBeGreaterThanOrEqual(Number(r[4]));
  });

  it('--cell 250 changes the grid', async () => {
    const { out } = await exec(['--input', fixture('points.csv'), '--cell', '250']);
    const rows = rowsOf(out).slice(1);
    // x 155010..155290 -> columns 155000, 155250; same for y
    expect(rows.map((r) => `${r[0]} ${r[1]} ${r[2]}`)).toEqual(['155000 463000 10', '155250 463000 0', '155000 463250 0', '155250 463250 1']);
  });

  it('geojson: RD polygons with the same properties and a crs member', async () => {
    const { code, out } = await exec(['--input', fixture('points.csv'), '--format', 'geojson']);
    expect(code).toBe(0);
    const fc = JSON.parse(out);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::28992');
    expect(fc.features).toHaveLength(9);
    const f = fc.features[4];
    expect(f.geometry.type).toBe('Polygon');
    expect(f.geometry.coordinates[0]).toEqual([
      [155100, 463100],
      [155200, 463100],
      [155200, 463200],
      [155100, 463200],
      [155100, 463100],
    ]);
    expect(f.properties).toEqual({ cell_x_min: 155100, cell_y_min: 463100, count: 9, z: 0, p: 1 });
    expect(fc.features[0].properties.z).toBeCloseTo(46 / Math.sqrt(1565), 10);
  });

  it.each([
    [['--input', fixture('nope.csv')], /niet gevonden/],
    [['--input', fixture('missing-columns.csv')], /Kolommen x en y ontbreekt/],
    [['--input', fixture('non-numeric.csv')], /Rij 2 .*x is geen getal \('abc'\)/],
    [['--input', fixture('header-only.csv')], /Geen gegevensrijen/],
    [['--input', fixture('wgs84.csv')], /buiten Nederland in RD New/],
    [[], /--input ontbreekt/],
    [['--input', fixture('points.csv'), '--format', 'shp'], /--format moet csv of geojson/],
    [['--input', fixture('points.csv'), '--cell', '0'], /--cell moet een getal/],
    [['--input', fixture('points.csv'), '--cell', 'abc'], /--cell moet een getal/],
    [['--input', fixture('points.csv'), '--band=-5'], /--band moet een getal/],
    [['--input', fixture('points.csv'), '--onbekend'], /Ongeldige optie/],
    [['--input', fixture('points.csv'), '--cell', '0.001'], /te groot/],
  ])('bad input %j -> exit 2 with a Dutch message', async (args, message) => {
    const { code, out, err } = await exec(args as string[]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^Fout: /);
    expect(err).toMatch(message as RegExp);
  });

  it('--help prints usage and exits 0', async () => {
    const { code, out } = await exec(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/Gebruik: npm run -s cli -- hotspots/);
  });

  describe('--optimized', () => {
    /** 60 incidents in a 200 m cluster at (155500, 463500), 90 spread over 3 × 3 km. */
    function clusterCsv(): string {
      const rnd = mulberry32(11);
      const rows = ['id,x,y'];
      for (let i = 0; i < 60; i++) rows.push(`c${i},${(155400 + rnd() * 200).toFixed(1)},${(463400 + rnd() * 200).toFixed(1)}`);
      for (let i = 0; i < 90; i++) rows.push(`b${i},${(154000 + rnd() * 3000).toFixed(1)},${(462000 + rnd() * 3000).toFixed(1)}`);
      const dir = mkdtempSync(join(tmpdir(), 'vk-hotspots-'));
      const path = join(dir, 'cluster.csv');
      writeFileSync(path, rows.join('\n') + '\n');
      return path;
    }

    it('chooses cell size and band from the data, FDR on, explains them on stderr, bins on stdout', async () => {
      const { code, out, err } = await exec(['--input', clusterCsv(), '--optimized']);
      expect(code).toBe(0);
      expect(err).toMatch(/^# Cellen van \d+ m; afstandsband [\d.]+ m, .+; 150 incidenten; FDR-correctie\.$/m);
      expect(err).toMatch(/Methode: geoptimaliseerd; celgrootte uit de afstand tussen de incidenten/);
      expect(err).not.toMatch(/Let op/);
      const rows = rowsOf(out);
      expect(rows[0]).toEqual(['cell_x_min', 'cell_y_min', 'count', 'z', 'p', 'p_fdr', 'bin']);
      const size = Number(/Cellen van (\d+) m/.exec(err)![1]);
      expect(size % 50).toBe(0);
      const cells = rows.slice(1).map((r) => ({ x: Number(r[0]), y: Number(r[1]), count: Number(r[2]), bin: Number(r[6]) }));
      expect(cells.every((c) => c.x % size === 0 && c.y % size === 0)).toBe(true);
      expect(cells.reduce((s, c) => s + c.count, 0)).toBe(150);
      const inCluster = cells.filter((c) => c.x + size > 155400 && c.x < 155600 && c.y + size > 463400 && c.y < 463600);
      expect(inCluster.some((c) => c.bin === 3)).toBe(true);
      // far from the cluster no cell is a 99 % hot spot
      expect(cells.filter((c) => Math.hypot(c.x - 155500, c.y - 463500) > 1200).every((c) => c.bin < 3)).toBe(true);
    });

    it('keeps the manual default mode exact: the same table as without --optimized when --cell/--band are given, plus bin', async () => {
      const manual = rowsOf((await exec(['--input', fixture('points.csv'), '--cell', '100', '--band', '150', '--fdr'])).out);
      const opt = rowsOf((await exec(['--input', fixture('points.csv'), '--cell', '100', '--band', '150', '--optimized'])).out);
      expect(opt.map((r) => r.slice(0, 6))).toEqual(manual);
    });

    it('under 30 incidents rates no cell and warns in Dutch', async () => {
      const { code, out, err } = await exec(['--input', fixture('points.csv'), '--optimized']);
      expect(code).toBe(0);
      expect(err).toMatch(/Let op: Te weinig incidenten voor een betrouwbare hotspotanalyse: 11, minstens 30 nodig/);
      expect(rowsOf(out).slice(1).every((r) => r[6] === '0')).toBe(true);
    });

    it('refuses a band shorter than the cell size', async () => {
      const { code, err } = await exec(['--input', fixture('points.csv'), '--optimized', '--cell', '250', '--band', '150']);
      expect(code).toBe(2);
      expect(err).toMatch(/geen cel heeft een buurcel/);
    });
  });
});
