/**
 * Roles and the permissions they grant: the one role -> permission matrix. A user holds one or
 * more roles; every caller (also one without a login) holds the permissions of `publiek`.
 */

export const ROLES = ['publiek', 'partner', 'analist', 'redacteur', 'beheerder'] as const;
export type Role = (typeof ROLES)[number];
/** Roles that can be given to an account (publiek is what everyone has without a login). */
export const ASSIGNABLE_ROLES = ['partner', 'analist', 'redacteur', 'beheerder'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export const PERMISSIONS = [
  /** Aggregates: district figures, grid counts and Gi* at >= 100 m, KDE, rates, hot times, Knox results; small counts suppressed. */
  'aggregates:read',
  /** Aggregates without small-count suppression and at any cell size. */
  'aggregates:read-exact',
  /** Incident points with time, kind, address and police id. */
  'incidents:read-exact',
  'incidents:import',
  'incidents:batches',
  'incidents:delete',
  /** Near-repeat zones with their member burglaries, dwellings and residents. */
  'nearrepeat:zones',
  'nearrepeat:letters',
  /** Knox runs; a stored run sets the live zones' default window. */
  'knox:run',
  /** Create, change and delete register records (WhatsApp groups, parks, fire compartments). */
  'registers:edit',
  /**
   * Personal data in the registers (contact persons' names, phones, e-mail) and the registers'
   * change history (which contains them). Not for analist (works with aggregates and incidents;
   * data minimisation) nor partner (another organisation: sharing contacts needs an agreement;
   * give that account the redacteur role if it has one).
   */
  'registers:contacts',
  'users:manage',
  'organisations:manage',
  'audit:read',
  'settings:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What a route needs (server/auth/route-table.ts): anyone, any logged-in account, or a permission. */
export type RouteRule = Permission | 'public' | 'authenticated';

const PUBLIC: Permission[] = ['aggregates:read'];

/** The matrix. A role's permissions come on top of publiek's. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  publiek: PUBLIC,
  partner: [...PUBLIC],
  analist: [...PUBLIC, 'aggregates:read-exact', 'incidents:read-exact', 'incidents:import', 'incidents:batches', 'nearrepeat:zones', 'nearrepeat:letters', 'knox:run'],
  redacteur: [...PUBLIC, 'registers:edit', 'registers:contacts'],
  beheerder: [...PUBLIC, 'registers:contacts', 'incidents:batches', 'incidents:delete', 'users:manage', 'organisations:manage', 'audit:read', 'settings:write'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const set = new Set<Permission>(ROLE_PERMISSIONS.publiek);
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) set.add(p);
  return set;
}

export const ROLE_LABELS: Record<Role, string> = {
  publiek: 'publiek',
  partner: 'partner',
  analist: 'analist',
  redacteur: 'redacteur',
  beheerder: 'beheerder',
};
