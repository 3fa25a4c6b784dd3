/**
 * `npm run -s cli -- import-districts <bestand> [--dry-run] [--layer <naam>]...`
 *
 * Imports full-resolution CBS wijk- en buurtkaart shapes (GeoJSON or GeoPackage, RD New or
 * WGS84) of the configured gemeente; see docs/import-districts.md and
 * server/ingest/districts/import.ts. Progress on stderr, the Dutch summary on stdout.
 * Exit codes: 0 imported (or checked with --dry-run), 1 import refused (nothing written),
 * 2 bad usage (options, missing or unreadable file).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import type { Db } from '../db/db.js';
import { formatImportReport, importDistricts } from '../ingest/districts/import.js';
import { DistrictImportError } from '../ingest/districts/types.js';
import { openReadyDb } from '../startup.js';
import { CliUsageError, type CliIo } from './io.js';

export const summary = 'Wijk- en buurtgrenzen (CBS-kaart, GeoJSON of GeoPackage) op volledige resolutie inlezen';

const USAGE = `Gebruik: npm run -s cli -- import-districts <bestand> [opties]

Leest gemeente-, wijk- en buurtgrenzen uit de CBS Wijk- en buurtkaart (GeoJSON .geojson/.json
of GeoPackage .gpkg; RD New EPSG:28992 of WGS84 EPSG:4326) op volledige resolutie in, alleen
voor de ingestelde gemeente; gebieden van andere gemeenten worden overgeslagen. Alles of niets:
bij één ongeldige feature wordt niets ingelezen. Kerncijfers en misdrijven blijven behouden.

  --dry-run         alleen controleren en melden wat er zou veranderen; niets opslaan
  --layer <naam>    GeoPackage: alleen deze laag (mag vaker; standaard alle lagen)
  --help            deze uitleg

Afsluitcode: 0 ingelezen of gecontroleerd, 1 import geweigerd, 2 verkeerd gebruik.
Zie docs/import-districts.md.
`;

interface Options {
  file: string;
  dryRun: boolean;
  layers: string[];
}

function parseOptions(argv: string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { 'dry-run': { type: 'boolean' }, layer: { type: 'string', multiple: true }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new CliUsageError(`Ongeldige optie: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new CliUsageError(`Geef precies één bestand op.\n\n${USAGE}`);
  return { file: positionals[0]!, dryRun: values['dry-run'] === true, layers: values.layer ?? [] };
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new CliUsageError(`Geen bestand: ${file}`);
    return new Uint8Array(await readFile(file));
  } catch (err) {
    if (err instanceof CliUsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliUsageError(code === 'ENOENT' ? `Bestand niet gevonden: ${file}` : `Kan bestand niet lezen: ${file} (${code ?? String(err)})`);
  }
}

/**
 * Runs the command. `deps.db`: use this database (tests) instead of opening the configured one;
 * it is not closed. Returns the exit code.
 */
export async function run(argv: string[], io: CliIo, deps: { db?: Db } = {}): Promise<number> {
  try {
    const opts = parseOptions(argv);
    if (opts === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    const data = await readInput(opts.file);
    const db = deps.db ?? (await openReadyDb(loadConfig(), (s) => io.stderr(s + '\n')));
    try {
      const started = Date.now();
      const report = await importDistricts(
        db,
        { fileName: basename(opts.file), data },
        { dryRun: opts.dryRun, layers: opts.layers, onProgress: (line) => io.stderr(line + '\n') },
      );
      io.stderr(`Klaar in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      io.stdout(formatImportReport(report));
      return 0;
    } catch (err) {
      if (err instanceof DistrictImportError) {
        io.stderr(`Fout: ${err.message}\n`);
        return 1;
      }
      throw err;
    } finally {
      if (!deps.db) await db.close();
    }
  } catch (err) {
    if (err instanceof CliUsageError) {
      io.stderr(`Fout: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
