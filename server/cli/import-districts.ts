/**
 * `npm run -s cli -- import-districts <bestand> [--dry-run] [--layer <naam>]...`
 *
 * Imports full-resolution CBS wijk- en buurtkaart shapes (GeoJSON or GeoPackage, RD New or
 * WGS84) of the configured gemeente; see docs/import-districts.md and
 * server/ingest/districts/import.ts. Progress on stderr, the Dutch summary on stdout.
 * Exit codes: 0 imported (or checked with --dry-run), 1 import refused (nothing written),
 * 2 bad usage (options, missing or unreadable file).
 */
import { basename } from 'node:path';
import type { Db } from '../db/db.js';
import { formatImportReport, importDistricts } from '../ingest/districts/import.js';
import { DistrictImportError } from '../ingest/districts/types.js';
import { CliUsageError, parseCliArgs, readInputFile, runCommand, withDatabase, type CliIo } from './io.js';

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
  const { values, positionals } = parseCliArgs(
    {
      args: argv,
      options: { 'dry-run': { type: 'boolean' }, layer: { type: 'string', multiple: true }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    },
    USAGE,
  );
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new CliUsageError(`Geef precies één bestand op.\n\n${USAGE}`);
  return { file: positionals[0]!, dryRun: values['dry-run'] === true, layers: values.layer ?? [] };
}

/**
 * Runs the command. `deps.db`: use this database (tests) instead of opening the configured one;
 * it is not closed. Returns the exit code.
 */
export async function run(argv: string[], io: CliIo, deps: { db?: Db } = {}): Promise<number> {
  return runCommand(io, async () => {
    const opts = parseOptions(argv);
    if (opts === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    const data = await readInputFile(opts.file);
    return withDatabase(io, deps.db, async (db) => {
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
        if (!(err instanceof DistrictImportError)) throw err;
        io.stderr(`Fout: ${err.message}\n`);
        return 1;
      }
    });
  });
}
