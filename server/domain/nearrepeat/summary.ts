/**
 * Interpreting a Knox table: which cells are significant (as the Near Repeat Calculator flags
 * them: p <= 0.05 and Knox ratio >= 1.2), the largest significant distance/time window (the
 * default radius and duration of live near-repeat zones), and a plain-Dutch summary.
 */
/** The parts of a KnoxResult (or its JSON form, with Infinity as "Inf") that the summary reads. */
export interface KnoxTable {
  spatialBreaks: readonly (number | 'Inf')[];
  temporalBreaks: readonly (number | 'Inf')[];
  knoxRatio: readonly (readonly (number | null)[])[];
  pValue: readonly (readonly number[])[];
}

export interface SignificanceCriteria {
  /** Largest p-value that counts as significant; default 0.05. */
  alpha?: number;
  /** Smallest Knox ratio that counts as meaningful; default 1.2 (20% above expected, as the NRC). */
  minRatio?: number;
}

export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_MIN_RATIO = 1.2;

function num(b: number | 'Inf'): number {
  return b === 'Inf' ? Infinity : b;
}

/** significant[s][t]: p <= alpha and Knox ratio >= minRatio. */
export function significantCells(table: KnoxTable, criteria: SignificanceCriteria = {}): boolean[][] {
  const alpha = criteria.alpha ?? DEFAULT_ALPHA;
  const minRatio = criteria.minRatio ?? DEFAULT_MIN_RATIO;
  return table.pValue.map((row, s) =>
    row.map((p, t) => {
      const ratio = table.knoxRatio[s]![t];
      return p <= alpha && ratio !== null && ratio !== undefined && ratio >= minRatio;
    }),
  );
}

export interface NearRepeatWindow {
  /** Upper (exclusive) spatial break of the farthest significant band, in metres. */
  radiusMetres: number;
  /** Upper (exclusive) temporal break of the latest significant band, in days. */
  days: number;
  /** Index of that spatial band. */
  spatialBand: number;
  /** Index of that temporal band. */
  temporalBand: number;
}

/**
 * The largest significant distance band and the largest significant time band, over the
 * significant cells whose spatial and temporal bands are both bounded (open "more than" bands
 * are not a window). Returns null when no such cell is significant. Upper breaks are exclusive:
 * with breaks 0,1,101,201 a significant [101,201) band gives radiusMetres 201.
 */
export function largestSignificantWindow(table: KnoxTable, criteria: SignificanceCriteria = {}): NearRepeatWindow | null {
  const sig = significantCells(table, criteria);
  let s = -1;
  let t = -1;
  sig.forEach((row, si) =>
    row.forEach((flag, ti) => {
      if (!flag) return;
      if (num(table.spatialBreaks[si + 1]!) === Infinity || num(table.temporalBreaks[ti + 1]!) === Infinity) return;
      if (si > s) s = si;
      if (ti > t) t = ti;
    }),
  );
  if (s < 0 || t < 0) return null;
  return { radiusMetres: num(table.spatialBreaks[s + 1]!), days: num(table.temporalBreaks[t + 1]!), spatialBand: s, temporalBand: t };
}

const nl = (v: number, digits: number): string =>
  new Intl.NumberFormat('nl-NL', { maximumFractionDigits: digits, useGrouping: true }).format(v);

function pText(p: number): string {
  return p < 0.001 ? 'p < 0,001' : `p = ${nl(p, 3)}`;
}

function days(v: number): string {
  return `${nl(v, 2)} ${v === 1 ? 'dag' : 'dagen'}`;
}

export interface KnoxSummary {
  significant: boolean[][];
  window: NearRepeatWindow | null;
  /** Summary lines (Dutch); text is the same joined with newlines. */
  lines: string[];
  text: string;
}

/** "tot 80% hoger dan verwacht" below a doubling; "tot 13,5 keer zo groot als verwacht" above (a "1.250% hoger" reads badly). */
export function increase(ratio: number): string {
  return ratio < 2 ? `tot ${nl(Math.round((ratio - 1) * 100), 0)}% hoger dan verwacht` : `tot ${nl(ratio, 1)} keer zo groot als verwacht`;
}

/**
 * Plain-Dutch summary in the spirit of the NRC's: a headline ("binnen 201 m en 14 dagen na een
 * inbraak is de kans op nog een inbraak tot 65% hoger dan verwacht"), one line per distance band
 * with significant cells, and a line on repeats at the same location (a first band [0, b) with
 * b <= 1). `noun` names the event type (default "incident").
 */
export function summarizeKnox(table: KnoxTable, options: SignificanceCriteria & { noun?: string } = {}): KnoxSummary {
  const noun = options.noun ?? 'incident';
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const minRatio = options.minRatio ?? DEFAULT_MIN_RATIO;
  const sig = significantCells(table, options);
  const window = largestSignificantWindow(table, options);
  const sb = table.spatialBreaks.map(num);
  const tb = table.temporalBreaks.map(num);
  const sameLocation = sb[0] === 0 && sb[1]! <= 1;
  const lines: string[] = [];
  const criterion = `p ≤ ${nl(alpha, 3)} en Knox-ratio ≥ ${nl(minRatio, 2)}`;

  // Strongest significant near-repeat cell (bounded, not the same-location band).
  let best: { s: number; t: number; ratio: number } | null = null;
  sig.forEach((row, s) =>
    row.forEach((flag, t) => {
      if (!flag || (sameLocation && s === 0) || sb[s + 1] === Infinity || tb[t + 1] === Infinity) return;
      const ratio = table.knoxRatio[s]![t]!;
      if (!best || ratio > best.ratio) best = { s, t, ratio };
    }),
  );
  const strongest = best as { s: number; t: number; ratio: number } | null;

  if (strongest && window) {
    lines.push(
      `Significant near-repeatpatroon (${criterion}): binnen ${nl(window.radiusMetres, 2)} m en ${days(window.days)} na een ${noun} ` +
        `is de kans op nog een ${noun} ${increase(strongest.ratio)}.`,
    );
    lines.push(
      `Het sterkst op ${nl(sb[strongest.s]!, 2)} tot ${nl(sb[strongest.s + 1]!, 2)} m afstand en ${nl(tb[strongest.t]!, 2)} tot ${days(tb[strongest.t + 1]!)} later ` +
        `(Knox-ratio ${nl(strongest.ratio, 2)}, ${pText(table.pValue[strongest.s]![strongest.t]!)}).`,
    );
  } else {
    lines.push(`Geen significant near-repeatpatroon gevonden (${criterion}).`);
  }

  sig.forEach((row, s) => {
    if (sb[s + 1] === Infinity) return;
    let last = -1;
    let maxRatio = 0;
    row.forEach((flag, t) => {
      if (!flag || tb[t + 1] === Infinity) return;
      last = t;
      maxRatio = Math.max(maxRatio, table.knoxRatio[s]![t]!);
    });
    if (last < 0) return;
    if (sameLocation && s === 0) {
      lines.push(
        `Zelfde locatie (minder dan ${nl(sb[1]!, 2)} m): herhaling oververtegenwoordigd tot ${days(tb[last + 1]!)} na een ${noun} (Knox-ratio tot ${nl(maxRatio, 2)}).`,
      );
    } else {
      lines.push(
        `Op ${nl(sb[s]!, 2)} tot ${nl(sb[s + 1]!, 2)} m: bijna-herhalingen oververtegenwoordigd tot ${days(tb[last + 1]!)} na een ${noun} (Knox-ratio tot ${nl(maxRatio, 2)}).`,
      );
    }
  });
  if (sameLocation && !sig[0]!.some((flag, t) => flag && tb[t + 1] !== Infinity)) {
    lines.push('Geen aanwijzing voor herhaling op dezelfde locatie.');
  }
  return { significant: sig, window, lines, text: lines.join('\n') };
}
