/**
 * Distance bands for the Knox test, with the semantics of R's `cut(x, breaks, right = FALSE,
 * include.lowest = FALSE)` as used by NearRepeat (Steenbeek) with its default arguments:
 *
 * - every band is left-closed, right-open: [b_k, b_k+1);
 * - a value on a break belongs to the band that starts there;
 * - values below the first break, or at/above the last break, fall in no band (left out);
 * - a last break of Infinity gives an open band [b_K-1, Inf).
 *
 * Also builds the layout of Ratcliffe's Near Repeat Calculator (NRC) from a bandwidth and a
 * number of bands, with the breaks the NRC actually counts with (see NearRepeat's vignette
 * "NRC": a band the NRC labels "a to b" holds [a-1, b)).
 */

/** Largest number of bands per axis (band indices are stored as bytes, one value is reserved). */
export const MAX_BANDS = 254;

/** Thrown for invalid breaks or NRC settings; the message is Dutch and meant for end users. */
export class BandError extends Error {}

/** Formats a break like R's cut labels do (`formatC(x, digits = 10)`), with "Inf" for Infinity. */
export function formatBreak(b: number): string {
  if (b === Infinity) return 'Inf';
  if (b === -Infinity) return '-Inf';
  if (Number.isInteger(b)) return String(b);
  return String(Number(b.toPrecision(10)));
}

/** Interval label of band k, e.g. "[0,1)" or "[401,Inf)". */
export function intervalLabel(lower: number, upper: number): string {
  return `[${formatBreak(lower)},${formatBreak(upper)})`;
}

/** Interval labels of all bands of a break vector. */
export function intervalLabels(breaks: readonly number[]): string[] {
  const out: string[] = [];
  for (let k = 0; k + 1 < breaks.length; k++) out.push(intervalLabel(breaks[k]!, breaks[k + 1]!));
  return out;
}

/**
 * Parses a comma-separated break list such as "0,1,101,201,Inf". Accepts "Inf", "inf",
 * "Infinity" for the open end. Throws BandError (Dutch message) on anything else.
 */
export function parseBreaks(text: string, what: string): number[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const out: number[] = [];
  for (const p of parts) {
    if (/^\+?(inf|infinity)$/i.test(p)) {
      out.push(Infinity);
      continue;
    }
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(p)) {
      throw new BandError(`${what}: "${p}" is geen getal (gebruik bijvoorbeeld 0,1,101,201,Inf).`);
    }
    out.push(Number(p));
  }
  validateBreaks(out, what);
  return out;
}

/**
 * Checks a break vector: at least two breaks, all non-negative, strictly increasing, finite
 * except possibly the last one (Infinity), and at most MAX_BANDS bands.
 */
export function validateBreaks(breaks: readonly number[], what: string): void {
  if (breaks.length < 2) {
    throw new BandError(`${what}: geef minstens twee grenzen op (één band), bijvoorbeeld 0,7,14,Inf.`);
  }
  if (breaks.length - 1 > MAX_BANDS) {
    throw new BandError(`${what}: te veel banden (${breaks.length - 1}); maximaal ${MAX_BANDS}.`);
  }
  for (let k = 0; k < breaks.length; k++) {
    const b = breaks[k]!;
    if (Number.isNaN(b)) throw new BandError(`${what}: grens ${k + 1} is geen getal.`);
    if (b < 0) throw new BandError(`${what}: grenzen mogen niet negatief zijn (${formatBreak(b)}).`);
    if (b === Infinity && k !== breaks.length - 1) {
      throw new BandError(`${what}: alleen de laatste grens mag Inf zijn.`);
    }
    if (k > 0 && !(b > breaks[k - 1]!)) {
      throw new BandError(
        `${what}: de grenzen moeten strikt oplopen (${formatBreak(breaks[k - 1]!)} gevolgd door ${formatBreak(b)}).`,
      );
    }
  }
}

/**
 * Band index of value v: k with breaks[k] <= v < breaks[k+1], or -1 when v is below the first
 * or at/above the last break (binary search, O(log bands)).
 */
export function bandIndex(breaks: ArrayLike<number>, v: number): number {
  const last = breaks.length - 1;
  if (!(v >= breaks[0]!) || !(v < breaks[last]!)) return -1;
  let lo = 0;
  let hi = last; // invariant: breaks[lo] <= v < breaks[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (v >= breaks[mid]!) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** One axis of a Knox table: breaks plus the labels to display. */
export interface BandAxis {
  breaks: number[];
  /** Labels to display: NRC-style in NRC mode, otherwise the interval labels. */
  labels: string[];
  /** Interval labels ("[0,1)"), always describing exactly what is counted. */
  intervals: string[];
}

/** Axis from a break vector, labelled in interval notation. */
export function axisFromBreaks(breaks: readonly number[], what: string): BandAxis {
  validateBreaks(breaks, what);
  const intervals = intervalLabels(breaks);
  return { breaks: [...breaks], labels: intervals, intervals };
}

function checkNrcSetting(bandwidth: number, bands: number, what: string, minBandwidth: number): void {
  if (!Number.isFinite(bandwidth) || !(bandwidth > minBandwidth)) {
    throw new BandError(`${what}: de bandbreedte moet een getal groter dan ${minBandwidth} zijn.`);
  }
  if (!Number.isInteger(bands) || bands < 1 || bands + 2 > MAX_BANDS) {
    throw new BandError(`${what}: het aantal banden moet een geheel getal van 1 tot ${MAX_BANDS - 2} zijn.`);
  }
}

/**
 * Spatial axis as the NRC lays it out for bandwidth B and k bands: rows "Same location",
 * "1 to B", "B+1 to 2B", ..., "(k-1)B+1 to kB", "More than kB". The NRC actually counts with
 * breaks 0, 1, B, 2B, ..., kB, Inf (so "1 to 100" holds [1,100), "101 to 200" holds [100,200)).
 */
export function nrcSpatialAxis(bandwidth: number, bands: number): BandAxis {
  checkNrcSetting(bandwidth, bands, 'NRC ruimtelijke banden', 1);
  const breaks = [0, 1];
  const labels = ['Same location'];
  for (let i = 1; i <= bands; i++) {
    breaks.push(i * bandwidth);
    labels.push(`${formatBreak((i - 1) * bandwidth + 1)} to ${formatBreak(i * bandwidth)}`);
  }
  breaks.push(Infinity);
  labels.push(`More than ${formatBreak(bands * bandwidth)}`);
  return { breaks, labels, intervals: intervalLabels(breaks) };
}

/**
 * Temporal axis as the NRC lays it out for bandwidth T (days) and m bands: columns "0 to T",
 * "T+1 to 2T", ..., "More than mT". The NRC actually counts with breaks 0, T, 2T, ..., mT, Inf
 * (so "0 to 7" holds [0,7) days and "8 to 14" holds [7,14)).
 */
export function nrcTemporalAxis(bandwidth: number, bands: number): BandAxis {
  checkNrcSetting(bandwidth, bands, 'NRC tijdsbanden', 0);
  const breaks = [0];
  const labels: string[] = [];
  for (let i = 1; i <= bands; i++) {
    breaks.push(i * bandwidth);
    labels.push(`${formatBreak(i === 1 ? 0 : (i - 1) * bandwidth + 1)} to ${formatBreak(i * bandwidth)}`);
  }
  breaks.push(Infinity);
  labels.push(`More than ${formatBreak(bands * bandwidth)}`);
  return { breaks, labels, intervals: intervalLabels(breaks) };
}

/** Explanation (Dutch) added to NRC-mode output: labels as the NRC shows them, contents as it counts. */
export function nrcNote(spatial: BandAxis, temporal: BandAxis): string {
  return (
    'NRC-indeling: rij- en kolomlabels zoals de Near Repeat Calculator (Ratcliffe) ze toont, met de inhoud ' +
    'die de NRC feitelijk telt (zie het vignet "NRC" van het R-pakket NearRepeat): een label "a to b" bevat ' +
    `de afstanden/dagen [a-1, b). Afstanden: ${spatial.intervals.join(', ')} m; ` +
    `dagen: ${temporal.intervals.join(', ')}.`
  );
}
