/**
 * Key figures per district: for each figure the most recent year that has a value, so a panel
 * shows "woningen 4.945 (2022)" next to "inwoners 8.065 (2024)" instead of hiding what is
 * known for an older year. Pure.
 */
import { FIGURE_KEYS, type KeyFigures } from '../contract/districts.js';

export interface FigureRow {
  code: string;
  year: number;
  source: string;
  derived: boolean;
  [key: string]: unknown;
}

/** Latest non-null value per figure over the rows of one district. */
export function latestFigures(rows: readonly FigureRow[]): KeyFigures {
  const out = Object.fromEntries(FIGURE_KEYS.map((k) => [k, null])) as KeyFigures;
  for (const key of FIGURE_KEYS) {
    for (const r of rows) {
      const v = r[key];
      if (v === null || v === undefined) continue;
      const cur = out[key];
      if (!cur || r.year > cur.year) out[key] = { value: Number(v), year: Number(r.year), derived: Boolean(r.derived), source: r.source };
    }
  }
  return out;
}

/** Groups rows by district code. */
export function groupByCode<T extends { code: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.code);
    if (list) list.push(r);
    else m.set(r.code, [r]);
  }
  return m;
}
