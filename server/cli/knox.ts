/**
 * `npm run -s cli -- knox`: Knox test for near repeats on a CSV of events (id,x,y,date), with
 * output compatible with the R package NearRepeat, or laid out as the Near Repeat Calculator.
 */
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { CliUsageError, readInputText, runCommand, type CliIo } from './io.js';
import { BandError, parseBreaks } from '../domain/nearrepeat/bands.js';
import { parseEventsCsv } from '../domain/nearrepeat/events.js';
import { KnoxInputError, knoxResultToJson, knoxTest, type DistanceMethod, type KnoxOptions, type KnoxResult } from '../domain/nearrepeat/knox.js';
import { summarizeKnox, type KnoxSummary } from '../domain/nearrepeat/summary.js';

export const summary = 'Knox-test voor near repeats (bijna-herhalingen) op een CSV met id,x,y,date';

const DEFAULT_SPATIAL = '0,1,101,201,301,401,Inf';
const DEFAULT_TEMPORAL = '0,7,14,21,28,Inf';

const HELP = `Gebruik: npm run -s cli -- knox --input <bestand.csv> [opties]

Knox-test voor near repeats, rekenkundig gelijk aan het R-pakket NearRepeat (Steenbeek).
Het CSV-bestand heeft een kopregel met id,x,y,date (x/y in meter, RD New; datum als
JJJJ-MM-DD of DD-MM-JJJJ, eventueel met tijd). Banden zijn links gesloten, rechts open: [a,b).

Opties:
  -i, --input <pad>                 CSV met gebeurtenissen (verplicht)
      --spatial-breaks <lijst>      afstandsgrenzen in m (standaard ${DEFAULT_SPATIAL})
      --temporal-breaks <lijst>     tijdsgrenzen in dagen (standaard ${DEFAULT_TEMPORAL})
      --nrc-spatial-bandwidth <m>   NRC-indeling: bandbreedte afstand (met de drie opties hieronder)
      --nrc-spatial-bands <k>       NRC-indeling: aantal afstandsbanden
      --nrc-temporal-bandwidth <d>  NRC-indeling: bandbreedte tijd in dagen
      --nrc-temporal-bands <m>      NRC-indeling: aantal tijdsbanden
      --distance <maat>             manhattan (standaard, als NearRepeat) of euclidean
      --permutations <n>            aantal permutaties (standaard 999)
      --seed <n>                    seed voor de permutaties (standaard 1)
      --workers <n>                 worker threads (standaard 2)
      --format <vorm>               json (standaard), csv of table
      --alpha <p>                   significantieniveau (standaard 0.05)
      --min-ratio <r>               minimale Knox-ratio voor een signaal (standaard 1.2)
      --noun <woord>                soort gebeurtenis in de samenvatting (standaard incident)
  -h, --help                        deze hulp
`;

function int(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim())) throw new CliUsageError(`--${name} moet een geheel getal zijn (gekregen: "${value}").`);
  return Number(value);
}

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const v = Number(value.trim().replace(',', '.'));
  if (value.trim() === '' || !Number.isFinite(v) || v <= 0) throw new CliUsageError(`--${name} moet een positief getal zijn (gekregen: "${value}").`);
  return v;
}

function parseCli(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        input: { type: 'string', short: 'i' },
        'spatial-breaks': { type: 'string' },
        'temporal-breaks': { type: 'string' },
        'nrc-spatial-bandwidth': { type: 'string' },
        'nrc-spatial-bands': { type: 'string' },
        'nrc-temporal-bandwidth': { type: 'string' },
        'nrc-temporal-bands': { type: 'string' },
        distance: { type: 'string' },
        permutations: { type: 'string' },
        seed: { type: 'string' },
        workers: { type: 'string' },
        format: { type: 'string' },
        alpha: { type: 'string' },
        'min-ratio': { type: 'string' },
        noun: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const opt = /'([^']+)'/.exec(msg)?.[1];
    throw new CliUsageError(opt ? `Onbekende of onvolledige optie: ${opt}. Zie --help.` : `Ongeldige opties: ${msg}`);
  }
}

type Values = ReturnType<typeof parseCli>;

function knoxOptions(v: Values): KnoxOptions {
  const distance = (v.distance ?? 'manhattan').toLowerCase();
  if (distance !== 'manhattan' && distance !== 'euclidean') {
    throw new CliUsageError(`--distance moet manhattan of euclidean zijn (gekregen: "${v.distance}").`);
  }
  const nrcKeys = ['nrc-spatial-bandwidth', 'nrc-spatial-bands', 'nrc-temporal-bandwidth', 'nrc-temporal-bands'] as const;
  const given = nrcKeys.filter((k) => v[k] !== undefined);
  const base = {
    distance: distance as DistanceMethod,
    permutations: int(v.permutations, 'permutations', 999),
    seed: int(v.seed, 'seed', 1),
    workers: int(v.workers, 'workers', 2),
  };
  if (given.length > 0) {
    if (given.length < nrcKeys.length) {
      const missing = nrcKeys.filter((k) => v[k] === undefined).map((k) => `--${k}`);
      throw new CliUsageError(`Voor de NRC-indeling zijn alle vier NRC-opties nodig; ontbreekt: ${missing.join(', ')}.`);
    }
    if (v['spatial-breaks'] !== undefined || v['temporal-breaks'] !== undefined) {
      throw new CliUsageError('Gebruik óf --spatial-breaks/--temporal-breaks óf de NRC-opties, niet beide.');
    }
    return {
      ...base,
      nrc: {
        spatialBandwidth: positive(v['nrc-spatial-bandwidth'], 'nrc-spatial-bandwidth', 0),
        spatialBands: int(v['nrc-spatial-bands'], 'nrc-spatial-bands', 0),
        temporalBandwidth: positive(v['nrc-temporal-bandwidth'], 'nrc-temporal-bandwidth', 0),
        temporalBands: int(v['nrc-temporal-bands'], 'nrc-temporal-bands', 0),
      },
    };
  }
  return {
    ...base,
    spatialBreaks: parseBreaks(v['spatial-breaks'] ?? DEFAULT_SPATIAL, 'Ruimtelijke grenzen (--spatial-breaks)'),
    temporalBreaks: parseBreaks(v['temporal-breaks'] ?? DEFAULT_TEMPORAL, 'Temporele grenzen (--temporal-breaks)'),
  };
}

const nl = (v: number, digits: number, fixed = false): string =>
  new Intl.NumberFormat('nl-NL', { minimumFractionDigits: fixed ? digits : 0, maximumFractionDigits: digits }).format(v);

/** JSON with two-space indentation, but arrays of plain values on one line (one matrix row per line). */
export function prettyJson(value: unknown, indent = ''): string {
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v) ?? 'null').join(', ')}]`;
    return `[\n${value.map((v) => inner + prettyJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${prettyJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function grid(title: string, rows: string[], cols: string[], cell: (s: number, t: number) => string): string {
  const body = rows.map((r, s) => [r, ...cols.map((_, t) => cell(s, t))]);
  const header = ['', ...cols];
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (row: string[]): string => row.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ');
  return [title, line(header), ...body.map(line)].join('\n');
}

function table(r: KnoxResult, sum: KnoxSummary): string {
  const mark = (s: number, t: number): string => (sum.significant[s]![t] ? '*' : ' ');
  const parts = [
    `Knox-test (near repeat): ${nl(r.events, 0)} gebeurtenissen, ${nl(r.pairs, 0)} paren, afstand ${r.distance}, ` +
      `${r.permutations} permutaties, seed ${r.seed}.`,
  ];
  if (r.note) parts.push(r.note);
  parts.push(grid('Waargenomen paren', r.spatialBands, r.temporalBands, (s, t) => nl(r.observed[s]![t]!, 0)));
  parts.push(grid('Gemiddelde van de simulaties', r.spatialBands, r.temporalBands, (s, t) => nl(r.simulatedMean[s]![t]!, 2, true)));
  parts.push(
    grid('Knox-ratio (waargenomen / gemiddelde); * = significant en betekenisvol', r.spatialBands, r.temporalBands, (s, t) => {
      const v = r.knoxRatio[s]![t];
      return `${v === null || v === undefined ? '–' : nl(v, 2, true)}${mark(s, t)}`;
    }),
  );
  parts.push(grid('p-waarden', r.spatialBands, r.temporalBands, (s, t) => nl(r.pValue[s]![t]!, 3, true)));
  parts.push(sum.text);
  return parts.join('\n\n') + '\n';
}

function csv(r: KnoxResult, sum: KnoxSummary): string {
  const rows: (string | number | boolean | null)[][] = [];
  r.spatialBands.forEach((sLabel, s) =>
    r.temporalBands.forEach((tLabel, t) =>
      rows.push([
        sLabel,
        tLabel,
        r.spatialIntervals[s]!,
        r.temporalIntervals[t]!,
        r.observed[s]![t]!,
        r.simulatedMean[s]![t]!,
        r.simulatedMedian[s]![t]!,
        r.knoxRatio[s]![t] ?? null,
        r.knoxRatioMedian[s]![t] ?? null,
        r.pValue[s]![t]!,
        sum.significant[s]![t]!,
      ]),
    ),
  );
  return (
    Papa.unparse({
      fields: ['spatial_band', 'temporal_band', 'spatial_interval', 'temporal_interval', 'observed', 'simulated_mean', 'simulated_median', 'knox_ratio', 'knox_ratio_median', 'p_value', 'significant'],
      data: rows,
    }) + '\n'
  );
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  return runCommand(
    io,
    async () => {
      const v = parseCli(argv);
      if (v.help) {
        io.stdout(HELP);
        return 0;
      }
      const format = (v.format ?? 'json').toLowerCase();
      if (format !== 'json' && format !== 'csv' && format !== 'table') {
        throw new CliUsageError(`--format moet json, csv of table zijn (gekregen: "${v.format}").`);
      }
      if (!v.input) throw new CliUsageError('Geef een invoerbestand op met --input <bestand.csv>. Zie --help.');
      const options = knoxOptions(v);
      const criteria = {
        alpha: positive(v.alpha, 'alpha', 0.05),
        minRatio: positive(v['min-ratio'], 'min-ratio', 1.2),
        noun: v.noun ?? 'incident',
      };
      const text = await readInputText(v.input);
      const parsed = parseEventsCsv(text);
      const result = await knoxTest(parsed.columns, options);
      const sum = summarizeKnox(result, criteria);
      if (format === 'json') {
        const out = { ...knoxResultToJson(result), significant: sum.significant, window: sum.window, summary: sum.text };
        io.stdout(prettyJson(out) + '\n');
      } else if (format === 'csv') {
        io.stdout(csv(result, sum));
      } else {
        io.stdout(table(result, sum));
      }
      return 0;
    },
    [KnoxInputError, BandError],
  );
}
