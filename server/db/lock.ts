/**
 * One process per PGlite data folder. PGlite is a single-writer database: a second process on
 * the same folder (the CLI while the server runs, a second server) silently corrupts it. The
 * first process therefore holds `<dataDir>/.veiligheidskaart.lock`, a small JSON file naming it
 * (pid, host, start time, role such as "server op http://127.0.0.1:8080"); a second one is
 * refused with a Dutch message that names the holder.
 *
 * - Taken atomically: the content is written to a private temporary file first and then
 *   hard-linked to the lock name (link fails with EEXIST when it exists), so nobody ever reads a
 *   half-written lock. Filesystems without hard links fall back to an O_EXCL create (`wx`).
 * - Released on close and, as a safety net, on the process's normal exit.
 * - Stale after kill -9 or a crash: a lock whose pid does not run on this host (`kill(pid, 0)`
 *   gives ESRCH) is taken over, with a log line. On Linux the holder's start time from
 *   /proc/<pid>/stat is stored too, so a pid reused by an unrelated process (e.g. pid 1 in a
 *   restarted container) is recognised as stale; elsewhere a reused pid keeps the lock until that
 *   process ends or the file is removed by hand.
 * - A lock written on another host (a data folder on a network share) cannot be checked and is
 *   never taken over automatically.
 * The takeover moves the stale file aside with rename (atomic) and checks that it moved the file
 * it judged, so two processes starting at once after a crash cannot both win.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { basename, join } from 'node:path';

export const LOCK_FILE = '.veiligheidskaart.lock';

/** What the lock file holds. */
export interface LockInfo {
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  startedAt: string;
  /** What the holder is, in Dutch: "server op http://127.0.0.1:8080", "opdrachtregel: import-incidents". */
  role: string;
  /** Linux: the holder's start in clock ticks after boot (/proc/<pid>/stat field 22); else null. */
  procStart: string | null;
  /** Random per lock, so a process tells its own lock from one it does not hold. */
  token: string;
}

export interface DataDirLock {
  readonly path: string;
  readonly info: LockInfo;
  /** Removes the lock file if it is still this lock; safe to call more than once. */
  release(): void;
}

/** The data folder is in use by another live process (or one on another host). */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
    readonly lockPath: string,
  ) {
    super(lockedMessage(dataDir, holder, lockPath));
    this.name = 'DataDirLockedError';
  }
}

function lockedMessage(dataDir: string, h: LockInfo, lockPath: string): string {
  const since = new Date(h.startedAt);
  const when = Number.isNaN(since.getTime()) ? h.startedAt : since.toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam' });
  const foreign = h.hostname !== osHostname();
  return (
    `De datamap ${dataDir} is al in gebruik door ${h.role} (pid ${h.pid}${foreign ? ` op ${h.hostname}` : ''}, sinds ${when}). ` +
    'De ingebouwde database (PGlite) verdraagt maar één proces tegelijk; een tweede proces zou haar beschadigen. ' +
    'Stop eerst dat proces (de server met Ctrl+C) en probeer het dan opnieuw, ' +
    'of gebruik PostgreSQL (DATABASE_URL) als de server en opdrachten tegelijk moeten werken.' +
    (foreign ? ` Het proces draait op een andere computer; staat het daar zeker niet meer aan, verwijder dan ${lockPath}.` : '')
  );
}

/** The process's start time in clock ticks after boot (Linux), or null where /proc is absent. */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and ')', so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 of the line; fields[0] is field 3 (state)
  } catch {
    return null;
  }
}

/** Whether the holder of a lock still runs: 'alive', 'dead' or 'unknown' (another host). */
export function holderState(h: LockInfo): 'alive' | 'dead' | 'unknown' {
  if (h.hostname !== osHostname()) return 'unknown';
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return 'dead';
    // EPERM: it runs, as another user.
  }
  if (h.procStart !== null) {
    const now = processStart(h.pid);
    if (now !== null && now !== h.procStart) return 'dead'; // the pid now belongs to another process
  }
  return 'alive';
}

function parseLock(raw: string): LockInfo | null {
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>;
    if (!Number.isInteger(v.pid) || (v.pid as number) <= 0 || typeof v.hostname !== 'string') return null;
    return {
      pid: v.pid as number,
      hostname: v.hostname,
      startedAt: typeof v.startedAt === 'string' ? v.startedAt : '?',
      role: typeof v.role === 'string' ? v.role : 'een ander proces',
      procStart: typeof v.procStart === 'string' ? v.procStart : null,
      token: typeof v.token === 'string' ? v.token : '',
    };
  } catch {
    return null;
  }
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Creates `lockPath` holding the content of `tmp`; false when it already exists. */
function createExclusive(tmp: string, lockPath: string, content: string): boolean {
  try {
    linkSync(tmp, lockPath);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
  }
  try {
    writeFileSync(lockPath, content, { flag: 'wx' }); // no hard links here: O_EXCL create
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function defaultRole(): string {
  return `proces ${basename(process.argv[1] ?? process.argv0)}`;
}

/**
 * Takes the lock of `dataDir` (which must exist) for this process, or throws DataDirLockedError
 * naming the live holder. A stale lock is taken over; `log` gets one Dutch line about it.
 */
export function acquireDataDirLock(dataDir: string, role: string = defaultRole(), log: (s: string) => void = (s) => console.warn(s)): DataDirLock {
  const lockPath = join(dataDir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid,
    hostname: osHostname(),
    startedAt: new Date().toISOString(),
    role,
    procStart: processStart(process.pid),
    token: randomBytes(8).toString('hex'),
  };
  const content = JSON.stringify(info, null, 2) + '\n';
  const tmp = `${lockPath}.${info.token}.tmp`;
  writeFileSync(tmp, content, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      if (createExclusive(tmp, lockPath, content)) return held(lockPath, info);
      const raw = readOrNull(lockPath);
      if (raw === null) continue; // released just now: try again
      const holder = parseLock(raw);
      // An unreadable lock was not written by a live process (the content is complete before the
      // file gets its name), e.g. a file emptied by a power cut: stale.
      if (holder && holderState(holder) !== 'dead') throw new DataDirLockedError(dataDir, holder, lockPath);
      const aside = `${lockPath}.${info.token}.stale`;
      try {
        renameSync(lockPath, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      if (readOrNull(aside) !== raw) {
        // Another process took the stale lock over between our read and rename: give it back.
        try {
          linkSync(aside, lockPath);
        } catch {
          // someone holds the name again; the next round reads it
        }
        unlinkQuietly(aside);
        continue;
      }
      unlinkQuietly(aside);
      log(
        holder
          ? `Verouderde vergrendeling van ${dataDir} overgenomen: ${holder.role} (pid ${holder.pid}, sinds ${holder.startedAt}) draait niet meer.`
          : `Onleesbare vergrendeling van ${dataDir} overgenomen.`,
      );
    }
    throw new Error(`De vergrendeling van ${dataDir} kon niet worden genomen: andere processen openen de map tegelijk.`);
  } finally {
    unlinkQuietly(tmp);
  }
}

function held(lockPath: string, info: LockInfo): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const raw = readOrNull(lockPath);
    if (raw !== null && parseLock(raw)?.token === info.token) unlinkQuietly(lockPath);
  };
  process.on('exit', release);
  return { path: lockPath, info, release };
}
