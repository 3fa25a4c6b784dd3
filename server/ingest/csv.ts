/** Small CSV helpers over papaparse for the shipped geodata tables. */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

export function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const res = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  if (res.errors.length) throw new Error(`${path}: ${res.errors[0]!.message} (rij ${res.errors[0]!.row})`);
  return res.data;
}

/** A non-negative integer, or null for empty cells and CBS's negative "secret/unknown" codes. */
export function intOrNull(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

export function numOrNull(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) && n >= 0 ? n : null;
}
