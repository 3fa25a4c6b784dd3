import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const TEMPLATE_DIR = fileURLToPath(new URL('../../.vk-cache/', import.meta.url));
export const TEMPLATE_FILE = TEMPLATE_DIR + 'template-db.tar';
/** One template per checkout, so two clones (or worktrees) can test against one server at once. */
export const PG_TEMPLATE_DB =
  'vk_test_template_' + createHash('sha1').update(fileURLToPath(new URL('../../', import.meta.url))).digest('hex').slice(0, 8);

/** The same server, its maintenance database. */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
