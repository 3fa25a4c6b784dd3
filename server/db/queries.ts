/**
 * Named queries: one .sql file per query in server/db/queries/, so every query change is a
 * reviewable SQL diff. Read once, on first use.
 */
import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

export function sql(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`./queries/${name}.sql`, import.meta.url), 'utf8');
    cache.set(name, text);
  }
  return text;
}
