/**
 * Wall-clock time in Europe/Amsterdam, the time zone of every Dutch incident registration.
 *
 * Incident exports give local times without an offset ("15-01-2024 18:30"), and hot-times
 * analysis (evening peak, weekday/weekend) needs the local hour of a UTC instant. Both directions
 * use the platform's IANA time-zone data through `Intl.DateTimeFormat` (Node ships full ICU), so
 * the historical Dutch DST rules are right; no rules are hand-coded here. Offsets are cached per
 * UTC hour, which keeps conversion cheap for files with millions of rows.
 */

export const INCIDENT_TIME_ZONE = 'Europe/Amsterdam';

const fmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: INCIDENT_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
});

const HOUR = 3_600_000;
const offsetCache = new Map<number, number>();

/** Local wall-clock fields of an instant in Europe/Amsterdam. `weekday`: 0 = Sunday .. 6 = Saturday. */
export interface LocalParts {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function partsUncached(ms: number): LocalParts {
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(new Date(ms))) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: WEEKDAYS[p.weekday ?? ''] ?? 0,
  };
}

/** Offset of Europe/Amsterdam from UTC at instant `ms`, in milliseconds (+1 h winter, +2 h summer). */
export function amsterdamOffsetMs(ms: number): number {
  // Dutch offsets only change on whole UTC hours, so one lookup per UTC hour is exact.
  const key = Math.floor(ms / HOUR);
  let off = offsetCache.get(key);
  if (off === undefined) {
    const p = partsUncached(key * HOUR);
    off = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - key * HOUR;
    if (offsetCache.size > 200_000) offsetCache.clear();
    offsetCache.set(key, off);
  }
  return off;
}

/**
 * Instant of a Europe/Amsterdam wall-clock time. `month` is 1..12; out-of-range fields roll over
 * like `Date.UTC`. In the autumn overlap (02:00-03:00 occurs twice) the first (summer-time)
 * occurrence is returned; a time in the spring gap (02:00-03:00 does not exist) is moved forward
 * by an hour, as clocks do.
 */
export function amsterdamToUtc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Try both candidate offsets (summer first): the one that round-trips is the answer.
  const candidates = [wall - 2 * HOUR, wall - HOUR].filter((t) => t + amsterdamOffsetMs(t) === wall);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // Spring-forward gap: interpret with the offset in force before the change (winter time).
  return new Date(wall - amsterdamOffsetMs(wall - 3 * HOUR));
}

/** Local wall-clock fields of `date` in Europe/Amsterdam. */
export function amsterdamParts(date: Date | number): LocalParts {
  const ms = typeof date === 'number' ? date : date.getTime();
  const local = new Date(ms + amsterdamOffsetMs(ms));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay(),
  };
}

/** Start (00:00 local) of the Europe/Amsterdam calendar day containing `date`. */
export function amsterdamStartOfDay(date: Date | number): Date {
  const p = amsterdamParts(date);
  return amsterdamToUtc(p.year, p.month, p.day);
}

/** Last millisecond (23:59:59.999 local) of the given Europe/Amsterdam calendar day. */
export function amsterdamEndOfDay(year: number, month: number, day: number): Date {
  return new Date(amsterdamToUtc(year, month, day + 1).getTime() - 1);
}

// Calendar dates as YYYY-MM-DD strings (the API's date format).

const pad = (n: number) => String(n).padStart(2, '0');

/** Year, month (1..12) and day of a YYYY-MM-DD date. */
export function parseLocalDate(date: string): [year: number, month: number, day: number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y!, m!, d!];
}

/** Europe/Amsterdam calendar date (YYYY-MM-DD) of an instant. */
export function localDate(instant: Date | number): string {
  const p = amsterdamParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** A YYYY-MM-DD date shifted by whole days (calendar arithmetic). */
export function shiftDate(date: string, days: number): string {
  const [y, m, d] = parseLocalDate(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}
