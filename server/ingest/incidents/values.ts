/**
 * Cell values of incident files: decimal numbers written the Dutch or English way, dates and
 * times (ISO 8601, DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY; without an offset Europe/Amsterdam
 * wall-clock time, converted by domain/incidents/time.ts with @date-fns/tz), postcodes.
 */
import { amsterdamToUtc } from '../../domain/incidents/time.js';

/**
 * A decimal number written the Dutch or English way: "52,21", "52.21", "194.123,45",
 * "194,123.45", "-7000". Returns null for an empty cell and NaN for anything else.
 */
export function parseDecimal(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  let s = raw.replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return null;
  if (/^[+-]?\d+(,\d+)?$/.test(s)) s = s.replace(',', '.');
  else if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s) && s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^[+-]?\d{1,3}(,\d{3})+\.\d+$/.test(s)) s = s.replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number.NaN;
  return Number(s);
}

export interface ParsedIncidentDate {
  date: Date;
  /** No time of day was given. */
  dateOnly: boolean;
  year: number;
  month: number;
  day: number;
}

const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const NL_RE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*uur)?)?$/i;
const TIME_RE = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*uur)?$/i;

function validDay(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function validTime(h: number, mi: number, s: number): boolean {
  return (h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59) || (h === 24 && mi === 0 && s === 0);
}

/**
 * Parse an incident date/time (formats in the module comment). Times without an offset are
 * Europe/Amsterdam. Returns null when the text is not a valid date.
 */
export function parseIncidentDate(raw: string | undefined): ParsedIncidentDate | null {
  if (raw === undefined) return null;
  const s = raw.trim();
  if (!s) return null;
  let y: number, mo: number, d: number;
  let h: string | undefined, mi: string | undefined, sec: string | undefined, frac: string | undefined, tz: string | undefined;
  let m = ISO_RE.exec(s);
  if (m) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
    [h, mi, sec, frac, tz] = [m[4], m[5], m[6], m[7], m[8]];
  } else if ((m = NL_RE.exec(s))) {
    d = Number(m[1]);
    mo = Number(m[2]);
    y = Number(m[3]);
    [h, mi, sec] = [m[4], m[5], m[6]];
  } else return null;
  if (!validDay(y, mo, d)) return null;
  if (h === undefined) return { date: amsterdamToUtc(y, mo, d), dateOnly: true, year: y, month: mo, day: d };
  const hh = Number(h);
  const mm = Number(mi);
  const ss = Number(sec ?? 0);
  if (!validTime(hh, mm, ss)) return null;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let date: Date;
  if (tz) {
    let offsetMin = 0;
    if (tz.toUpperCase() !== 'Z') {
      const sign = tz.startsWith('-') ? -1 : 1;
      const digits = tz.slice(1).replace(':', '');
      offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
      if (Math.abs(offsetMin) > 14 * 60) return null;
    }
    date = new Date(Date.UTC(y, mo - 1, d, hh, mm, ss, ms) - offsetMin * 60_000);
  } else {
    date = amsterdamToUtc(y, mo, d, hh, mm, ss, ms);
  }
  return { date, dateOnly: false, year: y, month: mo, day: d };
}

export function parseTimeOfDay(raw: string): [number, number, number] | null {
  const m = TIME_RE.exec(raw.trim());
  if (!m) return null;
  const t: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  return validTime(...t) ? t : null;
}

/** "7311 ab" -> "7311AB"; PC4 kept; anything else -> undefined. */
export function normalizePostcode(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.replace(/\s+/g, '').toUpperCase();
  return /^[1-9]\d{3}([A-Z]{2})?$/.test(s) ? s : undefined;
}

const LOCAL_TIME = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** An instant as a person entered it: Dutch words, Europe/Amsterdam local time ("17 dec 2024, 14:30"). */
export function fmtDate(d: Date): string {
  return LOCAL_TIME.format(d);
}

export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
