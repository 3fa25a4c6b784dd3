/**
 * The CLI as a process writes ALL of its output to a pipe, a slow reader and a file. Before the
 * fix, `process.exit()` ran before stdout drained and a pipe received only the first 64 KiB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../server/cli/hotspots.js';
import { ROOT } from '../../support/paths.js';

let dir: string;
let input: string;
let expected: string;

/** ~2,000 points over 20 x 20 km: the 100 m grid has 40,000 cells, about 1.3 MB of CSV. */
function pointsCsv(): string {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ['id,x,y'];
  for (let i = 0; i < 2000; i++) lines.push(`${i},${(190000 + rnd() * 19999).toFixed(1)},${(460000 + rnd() * 19999).toFixed(1)}`);
  return lines.join('\n') + '\n';
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vk-cli-output-'));
  input = join(dir, 'points.csv');
  writeFileSync(input, pointsCsv());
  let out = '';
  const code = await run(['--input', input], { stdout: (t) => (out += t), stderr: () => undefined });
  expect(code).toBe(0);
  expected = out;
  expect(Buffer.byteLength(expected)).toBeGreaterThan(1_000_000);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Spawns the CLI; `slow` pauses the reader after every chunk so the child meets a full pipe. */
function cli(args: string[], opts: { slow?: boolean; stdoutFd?: number; closeAfterFirstChunk?: boolean } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', opts.stdoutFd ?? 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    if (child.stdout) {
      child.stdout.on('data', (d: Buffer) => {
        chunks.push(d);
        if (opts.closeAfterFirstChunk) {
          child.stdout!.destroy(); // the reader goes away, as `| head -c 100` does
        } else if (opts.slow) {
          child.stdout!.pause();
          setTimeout(() => child.stdout!.resume(), 10);
        }
      });
    }
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }));
  });
}

describe('CLI output through a pipe, a slow reader and a file', () => {
  it('a pipe receives all of a 1 MB report', async () => {
    const res = await cli(['hotspots', '--input', input]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout.length).toBe(Buffer.byteLength(expected));
    expect(res.stdout.toString()).toBe(expected);
  }, 60_000);

  it('a slow reader receives all of it', async () => {
    const res = await cli(['hotspots', '--input', input, '--format', 'geojson'], { slow: true });
    expect(res.code).toBe(0);
    expect(res.stdout.length).toBeGreaterThan(1_000_000);
    const fc = JSON.parse(res.stdout.toString()) as { features: unknown[] };
    expect(fc.features).toHaveLength(40_000);
  }, 60_000);

  it('a file receives all of it', async () => {
    const file = join(dir, 'out.csv');
    const fd = openSync(file, 'w');
    try {
      const res = await cli(['hotspots', '--input', input], { stdoutFd: fd });
      expect(res.code).toBe(0);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe(expected);
  }, 60_000);

  it('a reader that closes early (| head) ends the command quietly, without a stack trace', async () => {
    const res = await cli(['hotspots', '--input', input], { closeAfterFirstChunk: true });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
  }, 60_000);
});
