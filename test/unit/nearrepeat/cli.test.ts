import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prettyJson, run, summary } from '../../../server/cli/knox.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fx = (name: string): string => fileURLToPath(new URL(`../../fixtures/nearrepeat/${name}`, import.meta.url));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

const BASE = ['--spatial-breaks', '0,1,101,201,301,401,Inf', '--temporal-breaks', '0,7,14,21,28,Inf', '--permutations', '39', '--seed', '1'];

describe('knox CLI', () => {
  it('exports a Dutch one-line summary', () => {
    expect(summary).toMatch(/Knox-test/);
    expect(summary).not.toContain('\n');
  });

  it('JSON: hand-computed observed counts on band edges (euclidean)', async () => {
    const { code, out, err } = await cli(['--input', fx('edges.csv'), ...BASE, '--distance', 'euclidean', '--format', 'json', '--workers', '1']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.observed).toEqual([
      [1, 0, 0, 0, 0],
      [0, 3, 1, 1, 2],
      [0, 0, 2, 0, 0],
      [1, 0, 0, 0, 0],
      [2, 0, 0, 0, 1],
      [0, 0, 0, 0, 22],
    ]);
    expect(j.spatialBands).toEqual(['[0,1)', '[1,101)', '[101,201)', '[201,301)', '[301,401)', '[401,Inf)']);
    expect(j.temporalBands).toEqual(['[0,7)', '[7,14)', '[14,21)', '[21,28)', '[28,Inf)']);
    expect(j.spatialBreaks).toEqual([0, 1, 101, 201, 301, 401, 'Inf']);
    expect(j).toMatchObject({ permutations: 39, seed: 1, distance: 'euclidean', events: 9, pairs: 36, mode: 'breaks', note: null });
    for (const key of ['simulatedMean', 'simulatedMedian', 'knoxRatio', 'pValue', 'significant']) {
      expect(j[key]).toHaveLength(6);
      expect(j[key][0]).toHaveLength(5);
    }
    expect(j.pValue.flat().every((p: number) => p >= 1 / 40 && p <= 1)).toBe(true);
    expect(typeof j.summary).toBe('string');
  });

  it('Manhattan by default; same JSON with 1 or 2 workers', async () => {
    const one = await cli(['--input', fx('edges.csv'), ...BASE, '--workers', '1']);
    const two = await cli(['--input', fx('edges.csv'), ...BASE, '--workers', '2']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out).distance).toBe('manhattan');
    expect(JSON.parse(one.out).observed[2]).toEqual([0, 0, 3, 1, 2]);
    expect(two.out).toBe(one.out);
  }, 30_000);

  it('CSV: one row per cell, labels quoted', async () => {
    const { code, out } = await cli(['--input', fx('edges.csv'), ...BASE, '--distance', 'euclidean', '--format', 'csv', '--workers', '1']);
    expect(code).toBe(0);
    const lines = out.trim().split(/\r?\n/);
    expect(lines[0]).toBe('spatial_band,temporal_band,spatial_interval,temporal_interval,observed,simulated_mean,simulated_median,knox_ratio,knox_ratio_median,p_value,significant');
    expect(lines).toHaveLength(1 + 30);
    expect(lines[1]).toMatch(/^"\[0,1\)","\[0,7\)","\[0,1\)","\[0,7\)",1,/);
  });

  it('NRC mode: NRC labels, actual contents, and a note saying so', async () => {
    const args = ['--input', fx('edges.csv'), '--nrc-spatial-bandwidth', '100', '--nrc-spatial-bands', '4', '--nrc-temporal-bandwidth', '7', '--nrc-temporal-bands', '4'];
    const { code, out } = await cli([...args, '--permutations', '19', '--workers', '1', '--distance', 'euclidean']);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.mode).toBe('nrc');
    expect(j.spatialBands).toEqual(['Same location', '1 to 100', '101 to 200', '201 to 300', '301 to 400', 'More than 400']);
    expect(j.temporalBands).toEqual(['0 to 7', '8 to 14', '15 to 21', '22 to 28', 'More than 28']);
    expect(j.spatialIntervals).toEqual(['[0,1)', '[1,100)', '[100,200)', '[200,300)', '[300,400)', '[400,Inf)']);
    expect(j.spatialBreaks).toEqual([0, 1, 100, 200, 300, 400, 'Inf']);
    expect(j.note).toMatch(/NRC.*\[a-1, b\)/);
    // Contents per NRC: c-d (100 m) and a-e (100 m) move from "1 to 100" to "101 to 200".
    expect(j.observed[1]).toEqual([0, 2, 1, 1, 0]);
    expect(j.observed[2]).toEqual([0, 1, 2, 0, 2]);
    const table = await cli([...args, '--permutations', '19', '--workers', '1', '--format', 'table']);
    expect(table.out).toContain('Waargenomen paren');
    expect(table.out).toContain('Same location');
    expect(table.out).toContain('NRC-indeling');
  });

  it('prettyJson is valid JSON, one matrix row per line', () => {
    const value = { a: [[1, 2], [3, null]], s: ['[0,1)', 'x  y\n'], o: { e: [], f: {}, u: undefined, n: NaN } };
    const text = prettyJson(value);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(text).toContain('    [1, 2],\n    [3, null]\n');
  });

  it('--help', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('--nrc-spatial-bandwidth');
  });

  const errors: [string, string[], RegExp][] = [
    ['missing file', ['--input', fx('bestaat-niet.csv')], /Invoerbestand niet gevonden/],
    ['no --input', [], /Geef een invoerbestand op/],
    ['missing columns', ['--input', fx('missing-columns.csv')], /Kolommen ontbreken.*y, date/],
    ['unparsable date', ['--input', fx('bad-date.csv')], /ongeldige datum "2024-02-30"/],
    ['one event', ['--input', fx('one-event.csv')], /minstens 2 gebeurtenissen/],
    ['breaks not increasing', ['--input', fx('edges.csv'), '--spatial-breaks', '0,101,1,Inf'], /strikt oplopen/],
    ['breaks not numbers', ['--input', fx('edges.csv'), '--temporal-breaks', '0,week,Inf'], /"week" is geen getal/],
    ['incomplete NRC settings', ['--input', fx('edges.csv'), '--nrc-spatial-bandwidth', '100'], /alle vier NRC-opties/],
    ['NRC and breaks together', ['--input', fx('edges.csv'), '--nrc-spatial-bandwidth', '100', '--nrc-spatial-bands', '3', '--nrc-temporal-bandwidth', '7', '--nrc-temporal-bands', '3', '--spatial-breaks', '0,1,Inf'], /niet beide/],
    ['bad distance', ['--input', fx('edges.csv'), '--distance', 'hemelsbreed'], /manhattan of euclidean/],
    ['bad format', ['--input', fx('edges.csv'), '--format', 'xml'], /json, csv of table/],
    ['bad permutations', ['--input', fx('edges.csv'), '--permutations', 'veel'], /geheel getal/],
    ['zero permutations', ['--input', fx('edges.csv'), '--permutations', '0'], /permutaties/],
    ['unknown option', ['--input', fx('edges.csv'), '--radius', '5'], /Onbekende of onvolledige optie: --radius/],
  ];
  for (const [name, args, message] of errors) {
    it(`bad input: ${name} → Dutch error, exit 2`, async () => {
      const { code, out, err } = await cli([...args, '--workers', '1']);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(/^Fout: /);
      expect(err).toMatch(message);
    });
  }

  it('through the dispatcher in a child process (worker threads under tsx)', () => {
    const args = ['--import', 'tsx', 'server/cli.ts', 'knox', '--input', fx('edges.csv'), ...BASE, '--distance', 'euclidean', '--workers', '2'];
    const ok = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).observed[1]).toEqual([0, 3, 1, 1, 2]);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'knox', '--input', fx('bad-date.csv')], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^Fout: .*niet te lezen/);
  }, 60_000);
});
