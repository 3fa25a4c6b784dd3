/**
 * `npm run -s cli -- import-incidents <bestand> [--dry-run] [--format csv|geojson]`
 *
 * Reads a police incident export (CSV with `;` or `,`, Dutch or English headers, RD or WGS84;
 * or GeoJSON) into the database in one transaction, the same way as the API upload
 * (incident-import.service.ts). The file is streamed; progress goes to stderr, the Dutch report
 * (counts, detected columns, every listed rejected row with its line number and reasons) to
 * stdout. Exit codes: 0 imported or checked (also with rejected rows), 1 file refused or no
 * valid rows, 2 bad usage.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { ImportReport } from '../contract/incidents.js';
import type { Db } from '../db/db.js';
import { AppError } from '../errors.js';
import { importIncidents } from '../services/incident-import.service.js';
import { systemCaller } from '../auth/caller.js';
import { CliUsageError, parseCliArgs, runCommand, statInputFile, withDatabase, type CliIo } from './io.js';

export const summary = 'Incidenten (CSV of GeoJSON) inlezen in de database, met een rapport van afgewezen rijen';

const USAGE = `Gebruik: npm run -s cli -- import-incidents <bestand> [opties]

Leest een incidentbestand (CSV met ; of , en Nederlandse of Engelse kolomnamen, RD of WGS84;
of GeoJSON) in één transactie in. Afgewezen rijen worden met regelnummer en reden gemeld.

  --dry-run         alleen controleren: niets opslaan
  --format <fmt>    csv of geojson (standaard: herkend aan de inhoud)
  --help            deze uitleg

Afsluitcode: 0 ingelezen (ook met afgewezen rijen), 1 bestand geweigerd, 2 verkeerd gebruik.
`;

const nl = (n: number) => n.toLocaleString('nl-NL');

/** The Dutch report printed on stdout. */
function formatReport(r: ImportReport): string {
  const lines: string[] = [];
  const d = r.detected as { format?: string; delimiter?: string; encoding?: string; crs?: string; axesSwapped?: boolean; columns?: Record<string, string>; ignoredColumns?: string[]; idsGenerated?: boolean; warnings?: string[] };
  lines.push(r.dryRun ? `Proefimport van ${r.source} (er is niets opgeslagen)` : `Import van ${r.source}`);
  const fmt = [d.format?.toUpperCase(), d.delimiter ? `scheidingsteken '${d.delimiter === '\t' ? 'tab' : d.delimiter}'` : null, d.encoding, d.crs].filter(Boolean).join(', ');
  if (fmt) lines.push(`Herkend: ${fmt}${d.axesSwapped ? ' (assen verwisseld en teruggezet)' : ''}`);
  if (d.columns && Object.keys(d.columns).length > 0) {
    lines.push(`Kolommen: ${Object.entries(d.columns).map(([field, col]) => `${field} = ${col}`).join(', ')}`);
  }
  if (d.ignoredColumns?.length) lines.push(`Genegeerde kolommen: ${d.ignoredColumns.join(', ')}`);
  if (d.idsGenerated) lines.push('Geen id-kolom: ids zijn berekend uit de inhoud van elke rij.');
  for (const w of d.warnings ?? []) lines.push(`Let op: ${w}`);
  lines.push(`Gelezen rijen: ${nl(r.total)}`);
  lines.push(`${r.dryRun ? 'Zou inlezen' : 'Ingelezen'}: ${nl(r.imported)}${r.batchId !== null ? ` (import ${r.batchId})` : ''}`);
  lines.push(`Afgewezen: ${nl(r.rejectedCount)}`);
  if (r.replacedDemo > 0) lines.push(`Demo-incidenten vervangen: ${nl(r.replacedDemo)}`);
  if (r.rejected.length > 0) {
    lines.push('', 'Afgewezen rijen:');
    for (const row of r.rejected) {
      lines.push(`  regel ${row.line}${row.id ? ` (id ${row.id})` : ''}: ${row.reasons.join('; ')}`);
    }
    if (r.rejectedCount > r.rejected.length) lines.push(`  … en nog ${nl(r.rejectedCount - r.rejected.length)} rijen`);
  }
  return lines.join('\n') + '\n';
}

interface Options {
  file: string;
  dryRun: boolean;
  format: 'csv' | 'geojson' | undefined;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values, positionals } = parseCliArgs(
    {
      args: argv,
      options: { 'dry-run': { type: 'boolean' }, format: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    },
    USAGE,
  );
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new CliUsageError(`Geef precies één bestand op.\n\n${USAGE}`);
  const format = values.format;
  if (format !== undefined && format !== 'csv' && format !== 'geojson') throw new CliUsageError(`--format moet csv of geojson zijn, niet '${format}'.`);
  return { file: positionals[0]!, dryRun: values['dry-run'] === true, format };
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
    const { size } = await statInputFile(opts.file);
    return withDatabase(io, deps.db, async (db) => {
      try {
        const started = Date.now();
        const report = await importIncidents(systemCaller('cli'), db, createReadStream(opts.file), {
          dryRun: opts.dryRun,
          source: basename(opts.file),
          format: opts.format,
          onProgress: (rows, bytes) => {
            const pct = size > 0 ? ` (${Math.min(100, Math.round((bytes / size) * 100))}%)` : '';
            io.stderr(`Gelezen: ${nl(rows)} rijen${pct}\n`);
          },
        });
        io.stderr(`Klaar in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
        io.stdout(formatReport(report));
        if (report.imported === 0) {
          io.stderr('Fout: het bestand bevat geen geldige rijen; er is niets ingelezen.\n');
          return 1;
        }
        return 0;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        io.stderr(`Bestand geweigerd: ${err.message}\n`);
        return 1;
      }
    });
  });
}
