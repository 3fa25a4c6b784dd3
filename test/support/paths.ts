import { fileURLToPath } from 'node:url';

export const TEMPLATE_DIR = fileURLToPath(new URL('../../.vk-cache/', import.meta.url));
export const TEMPLATE_FILE = TEMPLATE_DIR + 'template-db.tar';
export const PG_TEMPLATE_DB = 'vk_test_template';

/** The same server, its maintenance database. */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
