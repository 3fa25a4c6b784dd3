/**
 * `npm run -s cli -- hotspots --input <csv> [--cell 100] [--band 150] [--format csv|geojson] [--fdr] [--optimized]`
 *
 * Without --optimized: the exact manual mode (matches spdep::localG), cell 100 m, band 150 m.
 * With --optimized: the optimized hot spot analysis (server/domain/hotspots/optimized.ts): cell
 * size and distance band chosen from the data unless --cell/--band are given, FDR always on,
 * no ratings (all bins 0, a warning) under 30 incidents; the chosen parameters and their
 * reasons go to stderr as `#` lines, the table to stdout as below (with p_fdr and bin).
 *
 * Getis-Ord Gi* hot spot analysis (Ord & Getis 1995, as ArcGIS Hot Spot Analysis; see
 * server/domain/hotspots/gistar.ts) of incident points on an RD-aligned grid. Input: a CSV with
 * a header row and at least the columns x and y (RD New metres, EPSG:28992); id and date may be
 * present and are ignored. Separator `,` or `;` (with `;`, decimal commas are accepted).
 *
 * Output, one row per cell of the grid spanning the points' bounding box snapped outward to
 * multiples of the cell size, ordered south to north, then west to east:
 * - csv: `cell_x_min,cell_y_min,count,z,p` (+ `p_fdr`, the Benjamini-Hochberg adjusted p-value,
 *   with --fdr);
 * - geojson: a FeatureCollection of the cell squares in RD New coordinates, with the same
 *   properties; the CRS is named in a top-level "crs" member (urn:ogc:def:crs:EPSG::28992,
 *   the GeoJSON 2008 convention that GDAL/QGIS read; RFC 7946 readers assume WGS84).
 * Bad usage or input: a Dutch message on stderr and exit code 2.
 */
import Papa from 'papaparse';
import { isInRdBounds } from '../domain/crs.js';
import { cellBounds, gridCounts, type Grid } from '../domain/hotspots/grid.js';
import { giStar, type GiStarResult } from '../domain/hotspots/gistar.js';
import { describeParameters, optimizedHotSpots, parameterSentence } from '../domain/hotspots/index.js';
import { CliUsageError, parseCliArgs, readInputText, runCommand, type CliIo } from './io.js';

export const summary = 'Hotspotanalyse (Getis-Ord Gi*) van incidenten per rastercel, als CSV of GeoJSON';

const USAGE = `Gebruik: npm run -s cli -- hotspots --input <bestand.csv> [opties]

Berekent per rastercel het aantal incidenten en de Getis-Ord Gi*-hotspotscore.

  --input <pad>     CSV met kopregel en kolommen x,y (RD New, meters); id en date mogen erbij
  --cell <m>        celgrootte in meters (standaard 100; gangbaar 100, 250 of 500)
  --band <m>        afstandsband tussen celmiddens in meters (standaard 150)
  --format <fmt>    csv (standaard) of geojson
  --fdr             voeg p_fdr toe: p-waarde gecorrigeerd met Benjamini-Hochberg (FDR)
  --optimized       geoptimaliseerde analyse: celgrootte en afstandsband uit de gegevens
                    (tenzij --cell/--band gegeven), altijd FDR, kolom bin (-3..3); de
                    gekozen parameters en redenen op stderr
  --help            deze uitleg
`;

interface Points {
  xs: Float64Array;
  ys: Float64Array;
}

function parseNumberOption(name: string, raw: string | undefined, fallback: number, min: number, inclusive: boolean): number {
  if (raw === undefined) return fallback;
  const v = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(v) || (inclusive ? v < min : v <= min)) {
    throw new CliUsageError(`--${name} moet een getal ${inclusive ? `van minstens ${min}` : `groter dan ${min}`} zijn, niet '${raw}'.`);
  }
  return v;
}

function parseCoordinate(raw: unknown, decimalComma: boolean): number {
  if (typeof raw !== 'string') return NaN;
  let s = raw.trim();
  if (decimalComma && /^[+-]?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  if (s === '') return NaN;
  return Number(s);
}

/** Reads and validates the incident CSV; throws CliUsageError with a Dutch message. */
async function readPoints(path: string): Promise<Points> {
  const text = await readInputText(path);
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';'],
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) throw new CliUsageError(`Ongeldige CSV in ${path}: ${quoteError.message} (rij ${(quoteError.row ?? 0) + 1})`);
  const fields = parsed.meta.fields ?? [];
  const missing = ['x', 'y'].filter((c) => !fields.includes(c));
  if (missing.length > 0) {
    throw new CliUsageError(
      `Kolom${missing.length > 1 ? 'men' : ''} ${missing.join(' en ')} ontbreekt in ${path}; verwacht een kopregel met id,x,y,date (gevonden: ${fields.join(', ') || 'niets'}).`,
    );
  }
  const rows = parsed.data;
  if (rows.length === 0) throw new CliUsageError(`Geen gegevensrijen in ${path}.`);
  const decimalComma = parsed.meta.delimiter === ';';
  const xs = new Float64Array(rows.length);
  const ys = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const x = parseCoordinate(r.x, decimalComma);
    const y = parseCoordinate(r.y, decimalComma);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      const bad = !Number.isFinite(x) ? ['x', r.x] : ['y', r.y];
      throw new CliUsageError(`Rij ${i + 1} in ${path}: ${bad[0]} is geen getal ('${bad[1] ?? ''}').`);
    }
    if (!isInRdBounds(x, y)) {
      throw new CliUsageError(`Rij ${i + 1} in ${path}: (${x}, ${y}) ligt buiten Nederland in RD New; verwacht RD-coördinaten in meters (EPSG:28992).`);
    }
    xs[i] = x;
    ys[i] = y;
  }
  return { xs, ys };
}

/** Numbers in output: at most 12 significant digits, no exponent for ordinary values. */
function fmt(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(12)));
}

/** Runs the command; returns the exit code (0 ok, 2 bad usage or input). */
export async function run(argv: string[], io: CliIo): Promise<number> {
  return runCommand(io, async () => {
    const { values } = parseCliArgs(
      {
        args: argv,
        options: {
          input: { type: 'string' },
          cell: { type: 'string' },
          band: { type: 'string' },
          format: { type: 'string' },
          fdr: { type: 'boolean' },
          optimized: { type: 'boolean' },
          help: { type: 'boolean' },
        },
        strict: true,
        allowPositionals: false,
      },
      USAGE,
    );
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (!values.input) throw new CliUsageError(`--input ontbreekt.\n\n${USAGE}`);
    const format = values.format ?? 'csv';
    if (format !== 'csv' && format !== 'geojson') throw new CliUsageError(`--format moet csv of geojson zijn, niet '${format}'.`);
    const optimized = values.optimized === true;
    const fdr = optimized || values.fdr === true;
    const manualCell = values.cell === undefined ? null : parseNumberOption('cell', values.cell, 100, 0, false);
    const manualBand = values.band === undefined ? null : parseNumberOption('band', values.band, 150, 0, true);
    const cellSize = manualCell ?? 100;
    const band = manualBand ?? 150;

    const points = await readPoints(values.input);
    const tooLarge = (size: number) =>
      new CliUsageError(`Het raster wordt te groot voor celgrootte ${size} m; kies een grotere --cell of beperk het gebied.`);
    let grid: Grid;
    let gi: GiStarResult;
    let bins: Int8Array | null = null;
    if (optimized) {
      let res;
      try {
        res = optimizedHotSpots(points, { cellSize: manualCell, band: manualBand, fdr: true });
      } catch (err) {
        if (err instanceof RangeError) throw tooLarge(manualCell ?? 0);
        throw err;
      }
      const text = describeParameters(res.parameters);
      if (!res.gi) throw new CliUsageError(text.warnings.join(' '));
      grid = res.grid;
      gi = res.gi;
      bins = res.gi.bins;
      const p = res.parameters;
      io.stderr(
        [
          `# ${parameterSentence(p, text)}.`,
          `# Methode: ${p.method === 'optimized' ? 'geoptimaliseerd' : 'deels zelf gekozen'}; celgrootte ${text.cellSize}; buurcellen per cel: minstens ${p.neighbours.min}, gemiddeld ${p.neighbours.mean.toFixed(1)}; ${p.cells} cellen.`,
          ...text.warnings.map((w) => `# Let op: ${w}`),
        ].join('\n') + '\n',
      );
    } else {
      try {
        grid = gridCounts(points, { cellSize });
      } catch (err) {
        if (err instanceof RangeError) throw tooLarge(cellSize);
        throw err;
      }
      gi = giStar(grid, { band, fdr });
    }
    const n = grid.nx * grid.ny;

    if (format === 'csv') {
      const lines: string[] = [(fdr ? 'cell_x_min,cell_y_min,count,z,p,p_fdr' : 'cell_x_min,cell_y_min,count,z,p') + (bins ? ',bin' : '')];
      for (let i = 0; i < n; i++) {
        const b = cellBounds(grid, i);
        let line = `${fmt(b.minX)},${fmt(b.minY)},${fmt(grid.counts[i]!)},${fmt(gi.z[i]!)},${fmt(gi.p[i]!)}`;
        if (gi.pFdr) line += `,${fmt(gi.pFdr[i]!)}`;
        if (bins) line += `,${bins[i]!}`;
        lines.push(line);
      }
      io.stdout(lines.join('\n') + '\n');
    } else {
      const features = [];
      for (let i = 0; i < n; i++) {
        const b = cellBounds(grid, i);
        const properties: Record<string, number> = {
          cell_x_min: b.minX,
          cell_y_min: b.minY,
          count: grid.counts[i]!,
          z: Number(fmt(gi.z[i]!)),
          p: Number(fmt(gi.p[i]!)),
        };
        if (gi.pFdr) properties.p_fdr = Number(fmt(gi.pFdr[i]!));
        if (bins) properties.bin = bins[i]!;
        features.push({
          type: 'Feature' as const,
          geometry: {
            type: 'Polygon' as const,
            coordinates: [
              [
                [b.minX, b.minY],
                [b.maxX, b.minY],
                [b.maxX, b.maxY],
                [b.minX, b.maxY],
                [b.minX, b.minY],
              ],
            ],
          },
          properties,
        });
      }
      const fc = {
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } },
        features,
      };
      io.stdout(JSON.stringify(fc) + '\n');
    }
    return 0;
  });
}
