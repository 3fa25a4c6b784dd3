/**
 * Cached analysis answers, keyed by (endpoint, normalised query, what the caller may see, the
 * incident data version, the district data version). The versions live in the database and are
 * raised in the same transaction as every change (migrations 0004 and 0009), so an import in
 * any app process makes the answers stale everywhere; nothing else needs invalidating.
 *
 * The versions are read BEFORE the answer is computed: a change committed meanwhile files the
 * answer under the older versions, where no later request looks. Concurrent identical requests
 * share one computation. Errors are not cached. Bounded (least recently used out), per `Db`.
 */
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';

export const ANSWER_CACHE_ENTRIES = 128;

interface Cache {
  entries: Map<string, Promise<unknown>>;
}
const caches = new WeakMap<Db, Cache>();

/** A stable text of a JSON-like value: object keys sorted, undefined left out. */
export function stableKey(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(stableKey).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableKey(o[k])}`)
    .join(',')}}`;
}

export async function dataVersions(db: Db): Promise<{ incidents: number; districts: number }> {
  const [row] = await db.query<{ incidents: number; districts: number }>(sql('analysis-data-versions'));
  return { incidents: Number(row!.incidents), districts: Number(row!.districts) };
}

export async function cachedAnswer<T>(db: Db, endpoint: string, query: unknown, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { entries: new Map() }));
  const v = await dataVersions(db);
  const key = `${endpoint}|${v.incidents}|${v.districts}|${stableKey(query)}`;
  const hit = cache.entries.get(key);
  if (hit) {
    // Most recently used goes to the end.
    cache.entries.delete(key);
    cache.entries.set(key, hit);
    return hit as Promise<T>;
  }
  const entries = cache.entries;
  const p = compute();
  entries.set(key, p);
  p.catch(() => {
    if (entries.get(key) === p) entries.delete(key);
  });
  while (entries.size > ANSWER_CACHE_ENTRIES) entries.delete(entries.keys().next().value!);
  return p;
}
