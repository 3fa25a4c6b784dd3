/**
 * Colours and classes of the incident/hotspot layers (pure): incident kinds, the ArcGIS-like
 * Gi* confidence classes, the density ramp, rate classes and the hot-times scale.
 */

export const KIND_COLORS: Record<string, string> = {
  woninginbraak: '#b2182b',
  poging_woninginbraak: '#f4a261',
  straatroof: '#2166ac',
  overval: '#1b7837',
  geweld: '#762a83',
};
export const KIND_FALLBACK = '#555f6b';

/** Gi* bin (−3..3) → fill colour; 0 is not drawn. ArcGIS Hot Spot Analysis colours. */
export const GI_BINS = [3, 2, 1, 0, -1, -2, -3] as const;
export const GI_COLORS: Record<number, string> = {
  3: '#d62f27',
  2: '#ed7551',
  1: '#fab984',
  0: '#f2f2ee',
  [-1]: '#a3c4dc',
  [-2]: '#5d8fc2',
  [-3]: '#2c5fa8',
};
export const GI_CONFIDENCE: Record<number, number> = { 3: 99, 2: 95, 1: 90, 0: 0, [-1]: 90, [-2]: 95, [-3]: 99 };

/** Counts per bin of Gi* cells. */
export function countBins(features: readonly { properties: { bin: number } }[]): Record<number, number> {
  const out: Record<number, number> = { 3: 0, 2: 0, 1: 0, 0: 0, [-1]: 0, [-2]: 0, [-3]: 0 };
  for (const f of features) out[f.properties.bin] = (out[f.properties.bin] ?? 0) + 1;
  return out;
}

/** Sequential ramp for density (light yellow → dark red), as [fraction, colour] stops. */
export const HEAT_STOPS: readonly [number, string][] = [
  [0, '#ffffb2'],
  [0.2, '#fed976'],
  [0.4, '#feb24c'],
  [0.6, '#fd8d3c'],
  [0.8, '#f03b20'],
  [1, '#bd0026'],
];
/** Cells below this fraction of the maximum density are not drawn (keeps the map readable). */
export const HEAT_MIN_FRACTION = 0.04;

/** A MapLibre interpolate expression over `density` for the heat ramp scaled to `max`. */
export function heatColorExpression(max: number): unknown[] {
  const m = max > 0 ? max : 1;
  return ['interpolate', ['linear'], ['get', 'density'], ...HEAT_STOPS.flatMap(([f, c]) => [f * m, c])];
}

export const RATE_CLASS_COLORS = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#d94801', '#7f2704'] as const;
export const RATE_NO_DATA = '#d9d9d9';

/**
 * Class breaks for the rates: "nice" equal-interval classes from 0 to the maximum, so the
 * legend reads as round numbers and a district's class is stable when the period changes a bit.
 */
export function rateBreaks(rates: readonly (number | null)[], classes = RATE_CLASS_COLORS.length): number[] {
  const max = Math.max(0, ...rates.filter((r): r is number => r !== null && Number.isFinite(r)));
  if (max === 0) return [];
  const raw = max / classes;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((s) => s * mag >= raw) ?? 10) * mag;
  return Array.from({ length: classes - 1 }, (_, i) => Number(((i + 1) * step).toPrecision(6)));
}

export function rateColor(breaks: readonly number[], rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return RATE_NO_DATA;
  let i = 0;
  while (i < breaks.length && rate >= breaks[i]!) i++;
  return RATE_CLASS_COLORS[Math.min(i, RATE_CLASS_COLORS.length - 1)]!;
}

/** "+12 %", "−8 %", "0 %", or null when there is no comparison. */
export function formatChange(change: number | null | undefined): string | null {
  if (change === null || change === undefined || !Number.isFinite(change)) return null;
  const r = Math.sign(change) * Math.round(Math.abs(change));
  if (r === 0) return '0 %';
  return `${r > 0 ? '+' : '−'}${Math.abs(r).toLocaleString('nl-NL')} %`;
}

/** Hot-times cell colour for a value relative to the matrix maximum (white → dark red). */
export function hotTimeColor(value: number, max: number): string {
  if (!(max > 0) || !(value > 0)) return '#ffffff';
  const t = Math.min(1, value / max);
  // Interpolate in RGB between #fff7ec and #99000d through #fc8d59.
  const stops: [number, [number, number, number]][] = [
    [0, [255, 247, 236]],
    [0.5, [252, 141, 89]],
    [1, [153, 0, 13]],
  ];
  const i = t <= 0.5 ? 0 : 1;
  const [t0, c0] = stops[i]!;
  const [t1, c1] = stops[i + 1]!;
  const u = (t - t0) / (t1 - t0);
  const c = c0.map((v, k) => Math.round(v + (c1[k]! - v) * u));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Row/column sums and the peak of a 7×24 matrix (Monday first, index weekday·24 + hour). */
export function matrixSums(matrix: readonly number[]): { byWeekday: number[]; byHour: number[]; total: number; max: number; peak: { weekday: number; hour: number } | null } {
  const byWeekday = Array.from({ length: 7 }, () => 0);
  const byHour = Array.from({ length: 24 }, () => 0);
  let total = 0;
  let max = 0;
  let peak: { weekday: number; hour: number } | null = null;
  for (let d = 0; d < 7; d++)
    for (let h = 0; h < 24; h++) {
      const v = matrix[d * 24 + h] ?? 0;
      byWeekday[d]! += v;
      byHour[h]! += v;
      total += v;
      if (v > max) {
        max = v;
        peak = { weekday: d, hour: h };
      }
    }
  return { byWeekday, byHour, total, max, peak };
}
