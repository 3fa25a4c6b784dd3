/**
 * The incidents as the analyses read them, in memory: columnar typed arrays (RD x/y, time window
 * in epoch ms, kind, wijk/buurt/PC4 code as dictionary indexes), sorted by the window's start so a
 * period filter is a binary search plus a scan instead of an SQL query per request.
 *
 * Pure: built from plain rows (services/incident-index.service.ts loads them and keeps the index
 * current with the incident data version). The selection has exactly the semantics of the SQL
 * filter in server/db/queries/_incident-filter.sql (an incident belongs to [fromMs, toMs) when its
 * window overlaps it: time_from < toMs AND time_to >= fromMs), which a property test checks
 * against the database.
 */
import { INCIDENT_KINDS, type IncidentKind } from './kinds.js';

export interface IndexRow {
  x: number;
  y: number;
  /** Window start and end, epoch ms. */
  t0: number;
  t1: number;
  kind: IncidentKind;
  wijk: string | null;
  buurt: string | null;
  pc4: string | null;
}

export interface ColumnarIncidents {
  readonly n: number;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Sorted ascending. */
  readonly t0: Float64Array;
  readonly t1: Float64Array;
  /** Running maximum of t1 over the sorted order: lets a scan start late instead of at 0. */
  readonly maxT1Before: Float64Array;
  /** Index into INCIDENT_KINDS. */
  readonly kind: Uint8Array;
  /** Index into `codes` + 1; 0 = no code. */
  readonly wijk: Uint32Array;
  readonly buurt: Uint32Array;
  readonly pc4: Uint32Array;
  /** Dictionary of all district codes seen (wijk, buurt and PC4 share it). */
  readonly codes: readonly string[];
  /** Largest window start (the default period ends on its day), or null when empty. */
  readonly latestT0: number | null;
}

export function buildColumnar(rows: readonly IndexRow[]): ColumnarIncidents {
  const n = rows.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rows[a]!.t0 - rows[b]!.t0);
  const codeIndex = new Map<string, number>();
  const codes: string[] = [];
  const code = (c: string | null): number => {
    if (c === null) return 0;
    let i = codeIndex.get(c);
    if (i === undefined) {
      i = codes.push(c);
      codeIndex.set(c, i);
    }
    return i;
  };
  const kindIndex = new Map(INCIDENT_KINDS.map((k, i) => [k, i]));
  const out = {
    n,
    xs: new Float64Array(n),
    ys: new Float64Array(n),
    t0: new Float64Array(n),
    t1: new Float64Array(n),
    maxT1Before: new Float64Array(n),
    kind: new Uint8Array(n),
    wijk: new Uint32Array(n),
    buurt: new Uint32Array(n),
    pc4: new Uint32Array(n),
    codes,
    latestT0: n ? rows[order[n - 1]!]!.t0 : null,
  };
  let maxT1 = -Infinity;
  order.forEach((src, i) => {
    const r = rows[src]!;
    out.xs[i] = r.x;
    out.ys[i] = r.y;
    out.t0[i] = r.t0;
    out.t1[i] = r.t1;
    maxT1 = Math.max(maxT1, r.t1);
    out.maxT1Before[i] = maxT1;
    const k = kindIndex.get(r.kind);
    if (k === undefined) throw new Error(`onbekende soort ${r.kind}`);
    out.kind[i] = k;
    out.wijk[i] = code(r.wijk);
    out.buurt[i] = code(r.buurt);
    out.pc4[i] = code(r.pc4);
  });
  return out;
}

export interface ColumnarFilter {
  fromMs: number;
  toMs: number;
  kinds: readonly IncidentKind[];
  /** Wijk codes (a wijk, or the wijken of a stadsdeel); null = any. */
  wijken?: readonly string[] | null;
  buurt?: string | null;
  pc4?: string | null;
  /** RD box, half-open [minX, maxX) x [minY, maxY). */
  box?: { minX: number; minY: number; maxX: number; maxY: number } | null;
}

export interface SelectedPoints {
  xs: Float64Array;
  ys: Float64Array;
  from: Float64Array;
  to: Float64Array;
  n: number;
}

/** First index with t0 >= v (t0 is sorted). */
function lowerBound(a: Float64Array, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The incidents matching the filter, in the index's order (by window start). */
export function selectColumnar(ix: ColumnarIncidents, f: ColumnarFilter): SelectedPoints {
  // time_from < toMs: everything before `end`. time_to >= fromMs: a window can be long, so the
  // scan starts at the first incident whose running max of t1 reaches fromMs.
  const end = lowerBound(ix.t0, f.toMs);
  const start = lowerBound(ix.maxT1Before, f.fromMs, 0, end);
  const kindMask = new Uint8Array(INCIDENT_KINDS.length);
  for (const k of f.kinds) kindMask[INCIDENT_KINDS.indexOf(k)] = 1;
  const dict = new Map(ix.codes.map((c, i) => [c, i + 1]));
  const wijkSet = f.wijken ? new Set(f.wijken.map((c) => dict.get(c) ?? -1)) : null;
  const buurt = f.buurt != null ? (dict.get(f.buurt) ?? -1) : null;
  const pc4 = f.pc4 != null ? (dict.get(f.pc4) ?? -1) : null;
  const box = f.box ?? null;
  const hits = new Uint32Array(Math.max(0, end - start));
  let m = 0;
  for (let i = start; i < end; i++) {
    if (ix.t1[i]! < f.fromMs || !kindMask[ix.kind[i]!]) continue;
    if (wijkSet && !wijkSet.has(ix.wijk[i]!)) continue;
    if (buurt !== null && ix.buurt[i] !== buurt) continue;
    if (pc4 !== null && ix.pc4[i] !== pc4) continue;
    if (box) {
      const x = ix.xs[i]!;
      const y = ix.ys[i]!;
      if (x < box.minX || x >= box.maxX || y < box.minY || y >= box.maxY) continue;
    }
    hits[m++] = i;
  }
  const out = { xs: new Float64Array(m), ys: new Float64Array(m), from: new Float64Array(m), to: new Float64Array(m), n: m };
  for (let j = 0; j < m; j++) {
    const i = hits[j]!;
    out.xs[j] = ix.xs[i]!;
    out.ys[j] = ix.ys[i]!;
    out.from[j] = ix.t0[i]!;
    out.to[j] = ix.t1[i]!;
  }
  return out;
}
