/**
 * Parses the "Wanneer" cell of the Uitvoeringsplan Integrale Veiligheid 2017-2018 into a period.
 * Pure: the plan's own span (2017-01-01 .. 2018-12-31) is a parameter, no clock.
 *
 * A cell may hold several phrases one after another ("Doorlopend Eind 2017", "2017 en 2018 2017
 * 2017 2018", "<p>2017</p> <p>2018</p>"): each becomes a part; the period is their envelope
 * (earliest from, latest to) and its kind is the parts' kind when they agree, else 'gemengd'.
 * Interpretations (dates inclusive):
 * - a year: 1 Jan - 31 Dec; "2017 en 2018", "2017-2018", "In 2017 en 2018": both years as one range;
 *   "Heel 2017", "In 2017": the year.
 * - "1e/2e/3e/4e kwartaal", "Eerste/Tweede/Derde/Vierde kwartaal" (also the source's "Vier kwartaal"):
 *   the quarter; "1e/2e helft", "Eerste/Tweede helft": the half year.
 * - "Begin 2017" / "Start 2017": the first quarter; "Eind 2017": the last quarter; "Medio 2017":
 *   1 Apr - 30 Sep; "Voorjaar": 1 Mar - 31 May; "Najaar": 1 Sep - 30 Nov.
 * - "<period> start" ("Vier kwartaal 2017 start"): from the start of that period to the plan's end.
 * - "Eind seizoen 2017 en 2018": the end of the recreation season, 1 Sep - 31 Oct, in each year
 *   (two parts: the envelope alone would wrongly cover the summer of 2018).
 * - "Doorlopend" (also "Doorlopend, het hele jaar", "Doorlopend wanneer actueel"): kind 'doorlopend'
 *   over the plan's span.
 * - "Wekelijks", "Maandelijks / ad hoc", "maandelijks", "2 keer per jaar", "1 keer per twee weken
 *   of eerder indien nodig": kind 'terugkerend' with its `recurrence`, over the plan's span.
 * - "Indien noodzakelijk", "Zodra de behoefte er is ...": kind 'voorwaardelijk' over the plan's span.
 * Anything else (also an empty cell) is not guessed: `period` is null and `flag` says why.
 */

export type PeriodKind = 'datum' | 'doorlopend' | 'terugkerend' | 'voorwaardelijk' | 'gemengd';
export type Recurrence = 'wekelijks' | 'tweewekelijks' | 'maandelijks' | 'halfjaarlijks' | 'ad hoc';

export interface PeriodPart {
  /** The phrase as found (normalised spacing). */
  text: string;
  kind: Exclude<PeriodKind, 'gemengd'>;
  /** ISO dates, inclusive. */
  from: string;
  to: string;
  recurrence?: Recurrence[];
}

export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
  parts: PeriodPart[];
}

export interface PeriodResult {
  period: Period | null;
  /** Why the text could not be read (Dutch), or null. */
  flag: string | null;
}

export interface PlanSpan {
  from: string;
  to: string;
}

/** The Uitvoeringsplan 2017-2018 covers both calendar years. */
export const PLAN_2017_2018: PlanSpan = { from: '2017-01-01', to: '2018-12-31' };

const ORD: Record<string, number> = { '1e': 1, '2e': 2, '3e': 3, '4e': 4, eerste: 1, tweede: 2, derde: 3, vierde: 4, vier: 4 };
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const range = (y: number, m0: number, m1: number): [string, string] => [`${y}-${pad(m0)}-01`, `${y}-${pad(m1)}-${pad(lastDay(y, m1))}`];

/** Strips the HTML fragments of the conversion and normalises "2 ^e" to "2e" and whitespace. */
export function normaliseWhen(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/(\d)\s*\^\s*e\b/g, '$1e')
    .replace(/\s+/g, ' ')
    .trim();
}

type Rule = { re: RegExp; read: (m: RegExpExecArray, span: PlanSpan) => Omit<PeriodPart, 'text'>[] };

const Y = '(20\\d\\d)';
const ORDW = '(1e|2e|3e|4e|eerste|tweede|derde|vierde|vier)';
const whole = (span: PlanSpan, kind: PeriodPart['kind'], recurrence?: Recurrence[]) => [{ kind, from: span.from, to: span.to, ...(recurrence ? { recurrence } : {}) }];
const dated = ([from, to]: [string, string]) => [{ kind: 'datum' as const, from, to }];

/** Tried in order at each position; longer phrases first. */
const RULES: Rule[] = [
  { re: new RegExp(`^eind seizoen ${Y} en ${Y}`, 'i'), read: (m) => [...dated(range(+m[1]!, 9, 10)), ...dated(range(+m[2]!, 9, 10))] },
  { re: new RegExp(`^eind seizoen ${Y}`, 'i'), read: (m) => dated(range(+m[1]!, 9, 10)) },
  { re: /^doorlopend(,? het hele jaar| wanneer actueel)?/i, read: (_m, s) => whole(s, 'doorlopend') },
  { re: /^maandelijks( \/ ad hoc)?/i, read: (m, s) => whole(s, 'terugkerend', m[1] ? ['maandelijks', 'ad hoc'] : ['maandelijks']) },
  { re: /^wekelijks/i, read: (_m, s) => whole(s, 'terugkerend', ['wekelijks']) },
  { re: /^2 keer per jaar/i, read: (_m, s) => whole(s, 'terugkerend', ['halfjaarlijks']) },
  { re: /^1 keer per twee weken( of eerder indien nodig)?/i, read: (m, s) => whole(s, 'terugkerend', m[1] ? ['tweewekelijks', 'ad hoc'] : ['tweewekelijks']) },
  { re: /^indien noodzakelijk/i, read: (_m, s) => whole(s, 'voorwaardelijk') },
  { re: /^zodra de behoefte er is( vanuit de branche)?/i, read: (_m, s) => whole(s, 'voorwaardelijk') },
  { re: new RegExp(`^(?:in )?${Y} ?(?:en|-|–|t/m) ?${Y}`, 'i'), read: (m) => dated([`${m[1]}-01-01`, `${m[2]}-12-31`]) },
  { re: new RegExp(`^${ORDW} kwartaal ${Y}`, 'i'), read: (m) => { const q = ORD[m[1]!.toLowerCase()]!; return dated(range(+m[2]!, q * 3 - 2, q * 3)); } },
  { re: new RegExp(`^${ORDW} helft ${Y}`, 'i'), read: (m) => { const h = ORD[m[1]!.toLowerCase()]!; return h > 2 ? [] : dated(range(+m[2]!, h * 6 - 5, h * 6)); } },
  { re: new RegExp(`^(?:begin|start) ${Y}`, 'i'), read: (m) => dated(range(+m[1]!, 1, 3)) },
  { re: new RegExp(`^eind ${Y}`, 'i'), read: (m) => dated(range(+m[1]!, 10, 12)) },
  { re: new RegExp(`^medio ${Y}`, 'i'), read: (m) => dated(range(+m[1]!, 4, 9)) },
  { re: new RegExp(`^voorjaar ${Y}`, 'i'), read: (m) => dated(range(+m[1]!, 3, 5)) },
  { re: new RegExp(`^najaar ${Y}`, 'i'), read: (m) => dated(range(+m[1]!, 9, 11)) },
  { re: new RegExp(`^(?:heel |in )?${Y}`, 'i'), read: (m) => dated(range(+m[1]!, 1, 12)) },
];

/** Separators between phrases: spaces, bullet dashes, commas, slashes, semicolons. */
const SEP = /^[\s,;/\-–]+/;

/**
 * Reads a "Wanneer" cell. Never throws: an empty or unknown text gives `period: null` and a
 * Dutch `flag`; a text that only partly reads is flagged too (nothing is guessed).
 */
export function parsePeriod(text: string, span: PlanSpan = PLAN_2017_2018): PeriodResult {
  let rest = normaliseWhen(text);
  if (!rest) return { period: null, flag: 'geen termijn ingevuld in de bron' };
  const parts: PeriodPart[] = [];
  while (rest) {
    rest = rest.replace(SEP, '');
    if (!rest) break;
    const rule = RULES.map((r) => ({ r, m: r.re.exec(rest) })).find((x) => x.m && (x.m[0].length === rest.length || /^[\s,;/\-–]/.test(rest.slice(x.m[0].length))));
    if (!rule?.m) return { period: null, flag: `termijn niet te lezen vanaf "${rest.slice(0, 60)}"` };
    let read = rule.r.read(rule.m, span);
    if (read.length === 0) return { period: null, flag: `termijn niet te lezen: "${rule.m[0]}"` };
    rest = rest.slice(rule.m[0].length);
    const start = /^\s*start\b/i.exec(rest);
    if (start) {
      read = read.map((p) => ({ ...p, to: span.to > p.from ? span.to : p.to }));
      rest = rest.slice(start[0].length);
    }
    const phrase = rule.m[0] + (start ? start[0] : '');
    for (const p of read) parts.push({ text: phrase.trim(), ...p });
  }
  if (parts.length === 0) return { period: null, flag: 'geen termijn ingevuld in de bron' };
  const kinds = new Set(parts.map((p) => p.kind));
  return {
    period: {
      kind: kinds.size === 1 ? parts[0]!.kind : 'gemengd',
      from: parts.map((p) => p.from).reduce((a, b) => (b < a ? b : a)),
      to: parts.map((p) => p.to).reduce((a, b) => (b > a ? b : a)),
      parts,
    },
    flag: null,
  };
}

/** Whether a period has a part that overlaps [from, to] (ISO dates, inclusive; either open). */
export function periodOverlaps(p: Period | null, from: string | null, to: string | null): boolean {
  if (!p) return false;
  return p.parts.some((x) => (to === null || x.from <= to) && (from === null || x.to >= from));
}
