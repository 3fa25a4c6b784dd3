/**
 * Registered crimes per 1,000 inhabitants per district: latest crime year over the latest
 * inhabitants figure, classed into quantile classes for the choropleth. Pure functions.
 */
import type { DistrictCollection } from '../../api/client.js';

export const RATE_COLORS = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'] as const;
export const NO_DATA_COLOR = '#d9d9d9';

export interface RateInfo {
  code: string;
  rate: number | null;
  misdrijven: number | null;
  inwoners: number | null;
  crimeYear: number | null;
  inwonersYear: number | null;
}

export interface RateClasses {
  crimeYear: number | null;
  /** Upper bounds of the first n-1 classes (ascending). */
  breaks: number[];
  colors: readonly string[];
  rates: Map<string, RateInfo>;
}

export function districtRate(p: DistrictCollection['features'][number]['properties']): RateInfo {
  const latest = [...p.crimes].sort((a, b) => b.year - a.year)[0];
  const inw = p.figures.inwoners;
  const rate = latest && inw && inw.value > 0 ? (latest.misdrijven / inw.value) * 1000 : null;
  return {
    code: p.code,
    rate,
    misdrijven: latest?.misdrijven ?? null,
    inwoners: inw?.value ?? null,
    crimeYear: latest?.year ?? null,
    inwonersYear: inw?.year ?? null,
  };
}

/** Quantile breaks over the known rates; fewer classes when there are few districts. */
export function rateClasses(fc: DistrictCollection | null): RateClasses {
  const rates = new Map<string, RateInfo>();
  let crimeYear: number | null = null;
  for (const f of fc?.features ?? []) {
    if (!f.geometry) continue;
    const r = districtRate(f.properties);
    rates.set(r.code, r);
    if (r.crimeYear !== null) crimeYear = Math.max(crimeYear ?? 0, r.crimeYear);
  }
  const values = [...rates.values()].map((r) => r.rate).filter((v): v is number => v !== null).sort((a, b) => a - b);
  const k = Math.min(RATE_COLORS.length, Math.max(1, values.length));
  const breaks: number[] = [];
  for (let i = 1; i < k; i++) {
    const q = values[Math.floor((i * values.length) / k)]!;
    if (breaks.length === 0 || q > breaks[breaks.length - 1]!) breaks.push(q);
  }
  const colors = k === RATE_COLORS.length ? RATE_COLORS : RATE_COLORS.slice(RATE_COLORS.length - breaks.length - 1);
  return { crimeYear, breaks, colors, rates };
}

export function classColor(c: RateClasses, rate: number | null): string {
  if (rate === null) return NO_DATA_COLOR;
  let i = 0;
  while (i < c.breaks.length && rate >= c.breaks[i]!) i++;
  return c.colors[i] ?? NO_DATA_COLOR;
}
