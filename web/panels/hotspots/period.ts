/**
 * Period math for the incident filter (pure, date-fns): the presets (last 2 weeks, DDO season,
 * previous DDO season, last 12 months, last calendar year), the week steps of the playback, and
 * YYYY-MM-DD parsing. Dates are calendar dates (inclusive), as the API takes them.
 */
import { addDays, addMonths, differenceInCalendarDays, format, isValid, min as minDate, parse, subDays, subYears } from 'date-fns';

export const PRESETS = ['2w', 'ddo', 'ddoPrev', '12m', 'year', 'custom'] as const;
export type PresetId = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Exclude<PresetId, 'custom'> = '12m';

export interface Period {
  /** First day, inclusive, YYYY-MM-DD. */
  from: string;
  /** Last day, inclusive, YYYY-MM-DD. */
  to: string;
}

export interface Week extends Period {
  /** 0-based step in the period. */
  index: number;
}

const ISO = 'yyyy-MM-dd';

/** A YYYY-MM-DD string as a local Date (midnight); null when not an existing date. */
export function parseDay(s: string | null | undefined): Date | null {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = parse(s, ISO, new Date(2000, 0, 1));
  return isValid(d) ? d : null;
}

export function formatDay(d: Date): string {
  return format(d, ISO);
}

export function isPeriod(p: { from?: string | null; to?: string | null }): p is Period {
  const f = parseDay(p.from);
  const t = parseDay(p.to);
  return Boolean(f && t && f <= t);
}

/**
 * The day presets are anchored to: the latest incident date, or today when that is later or
 * unknown (so "last 2 weeks" of an export that ends last month still shows incidents).
 */
export function referenceDay(lastIncident: string | null | undefined, today: Date = new Date()): Date {
  const t = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  const last = parseDay(lastIncident);
  return last ? minDate([last, t]) : t;
}

/** The DDO season (1 October – 31 March) that contains `day`, or the last one before it. */
export function ddoSeason(day: Date): { start: Date; end: Date; label: string } {
  const y = day.getFullYear();
  const m = day.getMonth(); // 0 = January
  const startYear = m >= 9 ? y : y - 1;
  const start = new Date(startYear, 9, 1);
  const end = new Date(startYear + 1, 2, 31);
  return { start, end, label: `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}` };
}

/**
 * The period of a preset relative to the reference day. The running DDO season ends at the
 * reference day (no empty future weeks); the previous season and the calendar year are complete.
 */
export function presetPeriod(id: Exclude<PresetId, 'custom'>, ref: Date): Period & { label?: string } {
  switch (id) {
    case '2w':
      return { from: formatDay(subDays(ref, 13)), to: formatDay(ref) };
    case 'ddo': {
      const s = ddoSeason(ref);
      return { from: formatDay(s.start), to: formatDay(minDate([s.end, ref])), label: s.label };
    }
    case 'ddoPrev': {
      const s = ddoSeason(subYears(ddoSeason(ref).start, 1));
      return { from: formatDay(s.start), to: formatDay(s.end), label: s.label };
    }
    case '12m':
      return { from: formatDay(addDays(addMonths(ref, -12), 1)), to: formatDay(ref) };
    case 'year': {
      const y = ref.getFullYear() - 1;
      return { from: `${y}-01-01`, to: `${y}-12-31`, label: String(y) };
    }
  }
}

/** Number of days in a period (inclusive). */
export function periodDays(p: Period): number {
  return differenceInCalendarDays(parseDay(p.to)!, parseDay(p.from)!) + 1;
}

/** The 7-day steps of a period from its first day; the last one may be shorter. */
export function weeksOf(p: Period): Week[] {
  const from = parseDay(p.from);
  const to = parseDay(p.to);
  if (!from || !to || from > to) return [];
  const out: Week[] = [];
  for (let i = 0, start = from; start <= to; i++, start = addDays(start, 7)) {
    const end = minDate([addDays(start, 6), to]);
    out.push({ index: i, from: formatDay(start), to: formatDay(end) });
  }
  return out;
}

const dayFmt = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric' });
const dayFmtNoYear = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short' });

/** "1 okt. – 31 mrt. 2026" (the year once when both days share it). */
export function formatPeriod(p: Period): string {
  const f = parseDay(p.from);
  const t = parseDay(p.to);
  if (!f || !t) return `${p.from} – ${p.to}`;
  if (p.from === p.to) return dayFmt.format(f);
  const first = f.getFullYear() === t.getFullYear() ? dayFmtNoYear.format(f) : dayFmt.format(f);
  return `${first} – ${dayFmt.format(t)}`;
}
