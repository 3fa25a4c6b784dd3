import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE, processStart, type LockInfo } from '../../../server/db/lock.js';

let dir: string;
const lockPath = () => join(dir, LOCK_FILE);
const readLock = () => JSON.parse(readFileSync(lockPath(), 'utf8')) as LockInfo;
const writeLock = (over: Partial<LockInfo>) =>
  writeFileSync(
    lockPath(),
    JSON.stringify({ pid: 1, hostname: hostname(), startedAt: '2026-01-02T03:04:05.000Z', role: 'server op http://127.0.0.1:8080', procStart: null, token: 'x', ...over }),
  );
const hasProc = processStart(process.pid) !== null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vk-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('data folder lock', () => {
  it('is a file naming this process, removed on release', () => {
    const lock = acquireDataDirLock(dir, 'opdrachtregel: import-incidents');
    const info = readLock();
    expect(info).toMatchObject({ pid: process.pid, hostname: hostname(), role: 'opdrachtregel: import-incidents', token: lock.info.token });
    expect(Date.parse(info.startedAt)).not.toBeNaN();
    if (hasProc) expect(info.procStart).toMatch(/^\d+$/);
    lock.release();
    lock.release();
    expect(readdirSync(dir)).toEqual([]); // no temporary files left either
  });

  it('refuses a second holder with a Dutch message naming the first', () => {
    const lock = acquireDataDirLock(dir, 'server op http://127.0.0.1:8080');
    try {
      let err: unknown;
      try {
        acquireDataDirLock(dir, 'opdrachtregel: import-incidents');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DataDirLockedError);
      const msg = (err as Error).message;
      expect(msg).toContain(`De datamap ${dir} is al in gebruik door server op http://127.0.0.1:8080 (pid ${process.pid}, sinds `);
      expect(msg).toMatch(/Stop eerst dat proces/);
      expect(msg).toMatch(/PostgreSQL \(DATABASE_URL\)/);
      expect(readLock().token).toBe(lock.info.token);
      expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    } finally {
      lock.release();
    }
  });

  it('a live process in another pid holds it; after kill -9 its lock is stale and taken over', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const pid = child.pid!;
    try {
      writeLock({ pid, procStart: processStart(pid), role: 'server op http://127.0.0.1:9999' });
      expect(() => acquireDataDirLock(dir, 'opdrachtregel: hotspots')).toThrow(/server op http:\/\/127\.0\.0\.1:9999 \(pid \d+, sinds /);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    const logged: string[] = [];
    const lock = acquireDataDirLock(dir, 'opdrachtregel: hotspots', (s) => logged.push(s));
    expect(readLock().pid).toBe(process.pid);
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^Verouderde vergrendeling van .* overgenomen: server op http://127\\.0\\.0\\.1:9999 \\(pid ${pid}, sinds .*\\) draait niet meer\\.$`))]);
    lock.release();
    expect(existsSync(lockPath())).toBe(false);
  });

  it('takes over the lock of a dead pid', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeLock({ pid: dead });
    const logged: string[] = [];
    const lock = acquireDataDirLock(dir, 'x', (s) => logged.push(s));
    expect(readLock().token).toBe(lock.info.token);
    expect(logged).toHaveLength(1);
    lock.release();
  });

  it.skipIf(!hasProc)('takes over a lock whose pid was reused by another process (start time differs)', () => {
    writeLock({ pid: process.pid, procStart: '1' });
    const lock = acquireDataDirLock(dir, 'x', () => undefined);
    expect(readLock().token).toBe(lock.info.token);
    lock.release();
  });

  it('takes over an unreadable lock file', () => {
    writeFileSync(lockPath(), '');
    const logged: string[] = [];
    const lock = acquireDataDirLock(dir, 'x', (s) => logged.push(s));
    expect(readLock().token).toBe(lock.info.token);
    expect(logged[0]).toMatch(/Onleesbare vergrendeling/);
    lock.release();
  });

  it('never takes over a lock written on another host', () => {
    writeLock({ hostname: 'andere-machine', pid: 424242 });
    expect(() => acquireDataDirLock(dir, 'x')).toThrow(/op andere-machine.*andere computer.*verwijder dan .*\.veiligheidskaart\.lock/s);
  });

  it('release leaves a lock that is no longer its own alone', () => {
    const lock = acquireDataDirLock(dir, 'x');
    writeLock({ pid: process.pid, token: 'someone-else' });
    lock.release();
    expect(readLock().token).toBe('someone-else');
  });
});
