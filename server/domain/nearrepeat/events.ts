/**
 * Reading events for the Knox test: dates to day numbers and CSV (id,x,y,date) to columns.
 *
 * Dates: ISO YYYY-MM-DD or DD-MM-YYYY, optionally followed by a time of day (T or space,
 * HH:mm[:ss[.fff]]) and, for ISO, a zone (Z or +hh:mm). The result is days since 1970-01-01:
 * a whole number for a date, fractional with a time. A time without zone is taken as wall-clock
 * time and counted as if it were UTC, so daylight saving never shifts a lag by an hour.
 */
import Papa from 'papaparse';
import { KnoxInputError, type KnoxColumns } from './knox.js';

const MS_PER_DAY = 86_400_000;

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DMY = /^(\d{1,2})-(\d{1,2})-(\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/i;

function build(year: number, month: number, day: number, h?: string, mi?: string, s?: string, frac?: string, zone?: string): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const dateMs = Date.UTC(year, month - 1, day);
  const check = new Date(dateMs);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  if (h === undefined) return dateMs / MS_PER_DAY;
  const hh = Number(h);
  const mm = Number(mi);
  const ss = s === undefined ? 0 : Number(s);
  if (hh > 23 || mm > 59 || ss > 59) return null;
  let ms = dateMs + ((hh * 60 + mm) * 60 + ss) * 1000 + (frac ? Number(`0.${frac}`) * 1000 : 0);
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 14 || om > 59) return null;
    ms -= sign * (oh * 60 + om) * 60_000;
  }
  return ms / MS_PER_DAY;
}

/** Day number of a date string (see module comment), or null when it is not a valid date. */
export function parseEventDate(text: string): number | null {
  const s = text.trim();
  let m = ISO.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6], m[7], m[8]);
  m = DMY.exec(s);
  if (m) return build(Number(m[3]), Number(m[2]), Number(m[1]), m[4], m[5], m[6], m[7]);
  return null;
}

/** Day number (days since 1970-01-01, UTC) of a Date; fractional unless it is at midnight UTC. */
export function dayNumber(date: Date): number {
  return date.getTime() / MS_PER_DAY;
}

/** Parses a coordinate: "123.4", "-5", "1e3", or with a Dutch decimal comma "123,4". */
export function parseCoordinate(text: string): number | null {
  let s = text.trim();
  if (/^[+-]?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

export interface ParsedEvents {
  columns: { x: Float64Array; y: Float64Array; t: Float64Array } & KnoxColumns;
  /** Value of the id column per event ("" when there is no id column). */
  ids: string[];
  /** Whether any date carried a time of day. */
  hasTimes: boolean;
}

const ALIASES: Record<'x' | 'y' | 'date', string[]> = {
  x: ['x', 'rd_x', 'x_rd'],
  y: ['y', 'rd_y', 'y_rd'],
  date: ['date', 'datum', 'datetime', 'time'],
};

/**
 * Parses CSV text with columns id,x,y,date (header row; comma or semicolon; id optional).
 * Throws KnoxInputError with a Dutch message on missing columns or unparsable values.
 */
export function parseEventsCsv(text: string): ParsedEvents {
  const clean = text.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string | undefined>>(clean, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  const pick = (key: 'x' | 'y' | 'date'): string | undefined => ALIASES[key].find((a) => fields.includes(a));
  const xKey = pick('x');
  const yKey = pick('y');
  const dKey = pick('date');
  const missing = [xKey ? null : 'x', yKey ? null : 'y', dKey ? null : 'date'].filter((v): v is string => v !== null);
  if (missing.length > 0) {
    throw new KnoxInputError(
      `${missing.length > 1 ? 'Kolommen ontbreken' : 'Kolom ontbreekt'} in het CSV-bestand: ${missing.join(', ')}. ` +
        `Verwacht een kopregel met id,x,y,date (gevonden: ${fields.join(', ') || 'geen kolommen'}).`,
    );
  }
  const rows = parsed.data;
  const n = rows.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const t = new Float64Array(n);
  const ids: string[] = new Array<string>(n);
  const problems: string[] = [];
  let problemCount = 0;
  let hasTimes = false;
  for (let r = 0; r < n; r++) {
    const row = rows[r]!;
    const xs = row[xKey!] ?? '';
    const ys = row[yKey!] ?? '';
    const ds = row[dKey!] ?? '';
    const xv = parseCoordinate(xs);
    const yv = parseCoordinate(ys);
    const tv = parseEventDate(ds);
    const bad: string[] = [];
    if (xv === null) bad.push(`x "${xs}"`);
    if (yv === null) bad.push(`y "${ys}"`);
    if (tv === null) bad.push(`datum "${ds}" (gebruik JJJJ-MM-DD of DD-MM-JJJJ)`);
    if (bad.length > 0) {
      problemCount++;
      if (problems.length < 5) problems.push(`rij ${r + 1}: ongeldige ${bad.join(', ')}`);
      continue;
    }
    x[r] = xv!;
    y[r] = yv!;
    t[r] = tv!;
    if (!Number.isInteger(tv)) hasTimes = true;
    ids[r] = row['id'] ?? '';
  }
  if (problemCount > 0) {
    throw new KnoxInputError(
      `${problemCount} ${problemCount === 1 ? 'rij is' : 'rijen zijn'} niet te lezen (rijnummers zonder kopregel): ${problems.join('; ')}` +
        (problemCount > problems.length ? '; …' : '') +
        '.',
    );
  }
  if (n < 2) throw new KnoxInputError(`Er zijn minstens 2 gebeurtenissen nodig voor de Knox-test (gevonden: ${n}).`);
  return { columns: { x, y, t }, ids, hasTimes };
}
