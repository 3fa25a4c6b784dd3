/**
 * Named queries: one .sql file per query in server/db/queries/, so every query change is a
 * reviewable SQL diff. Read once, on first use. A query may include a shared fragment
 * (`_<name>.sql`, e.g. the incident filter) by writing `{{name}}`; the fragment's comment lines
 * are dropped and the rest is put in parentheses.
 */
import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();
/** Text -> name of every query read so far, to name a failing statement in the log. */
const names = new Map<string, string>();

function read(file: string): string {
  return readFileSync(new URL(`./queries/${file}.sql`, import.meta.url), 'utf8');
}

function fragment(name: string): string {
  const body = read(`_${name}`)
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .trim();
  return `(${body})`;
}

export function sql(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = read(name).replace(/\{\{([a-z0-9-]+)\}\}/g, (_, f: string) => fragment(f));
    cache.set(name, text);
    names.set(text, name);
  }
  return text;
}

/** The name of a query text returned by `sql(name)`, or undefined for other SQL. */
export function queryName(text: string): string | undefined {
  return names.get(text);
}
