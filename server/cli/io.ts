/** What every CLI command shares: output channels, usage errors, input files and the database. */
import { readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Db } from '../db/db.js';

/** Output channels of a CLI command, injected so tests can capture them. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The command being run (`import-incidents`): names this process in the data folder's lock. */
  command?: string | undefined;
}

/** Thrown by a command for bad usage or input; `runCommand` prints the message and exits 2. */
export class CliUsageError extends Error {}

/**
 * Runs a command's body and turns a usage error (CliUsageError, or one of `usageErrors`, e.g. a
 * domain input error) into `Fout: …` on stderr and exit code 2. Anything else is rethrown.
 */
export async function runCommand(io: CliIo, body: () => Promise<number>, usageErrors: (abstract new (...args: never[]) => Error)[] = []): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof CliUsageError || usageErrors.some((E) => err instanceof E)) {
      io.stderr(`Fout: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}

/** `parseArgs` with an unknown or incomplete option as a CliUsageError followed by the usage text. */
export function parseCliArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new CliUsageError(`Ongeldige optie: ${err instanceof Error ? err.message : String(err)}\n\n${usage}`);
  }
}

function unreadable(path: string, err: unknown, noun: string): CliUsageError {
  const code = (err as NodeJS.ErrnoException).code;
  return new CliUsageError(code === 'ENOENT' ? `${noun} niet gevonden: ${path}` : `Kan ${noun.toLowerCase()} niet lezen: ${path} (${code ?? String(err)})`);
}

/** The input file's stats; a CliUsageError in Dutch when it is missing, not a file or unreadable. */
export async function statInputFile(path: string, noun = 'Bestand'): Promise<Stats> {
  let st: Stats;
  try {
    st = await stat(path);
  } catch (err) {
    throw unreadable(path, err, noun);
  }
  if (!st.isFile()) throw new CliUsageError(`Geen bestand: ${path}`);
  return st;
}

/** The input file's bytes (checked as in `statInputFile`). */
export async function readInputFile(path: string, noun = 'Bestand'): Promise<Uint8Array> {
  await statInputFile(path, noun);
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    throw unreadable(path, err, noun);
  }
}

/** The input file as UTF-8 text without a byte-order mark (checked as in `statInputFile`). */
export async function readInputText(path: string, noun = 'Invoerbestand'): Promise<string> {
  return new TextDecoder('utf-8').decode(await readInputFile(path, noun)); // drops a BOM
}

/**
 * Runs `fn` on `db` when given (tests; it stays open), else on the configured database, opened
 * (migrated, geodata loaded, progress on stderr) for this command and closed after it.
 */
export async function withDatabase<T>(io: CliIo, db: Db | undefined, fn: (db: Db) => Promise<T>): Promise<T> {
  const conn = db ?? (await openConfigured(io));
  try {
    return await fn(conn);
  } finally {
    if (!db) await conn.close();
  }
}

/** Loaded on use, not at the top: commands without a database (hotspots, knox) stay light. */
async function openConfigured(io: CliIo): Promise<Db> {
  const [{ loadConfig }, { openReadyDb }] = await Promise.all([import('../config.js'), import('../startup.js')]);
  return openReadyDb(loadConfig(), (s) => io.stderr(s + '\n'), `opdrachtregel: ${io.command ?? 'npm run cli'}`);
}
