/**
 * Pure mapping from an IdP's claims to this app's account: the groups claim, the roles and the
 * organisation its groups map to, and a user name for a new account. No I/O.
 */
import { ASSIGNABLE_ROLES, type AssignableRole } from './roles.js';

/**
 * The groups in `claims[name]`: an array of strings, or one string (a single group). A dotted
 * name that is not itself a claim is followed as a path (Keycloak's `realm_access.roles`).
 * Returns null when the claim is absent (then the caller may ask the userinfo endpoint).
 */
export function groupsFromClaims(claims: Record<string, unknown>, name: string): string[] | null {
  let v: unknown = claims[name];
  if (v === undefined && name.includes('.')) {
    v = name.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), claims);
  }
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (Array.isArray(v)) return v.filter((g): g is string => typeof g === 'string');
  return [];
}

/** The roles `groups` map to, in the matrix's order; empty when none of the groups is mapped. */
export function rolesForGroups(groups: readonly string[], roleMap: ReadonlyMap<string, readonly AssignableRole[]>): AssignableRole[] {
  const got = new Set<AssignableRole>();
  for (const g of groups) for (const r of roleMap.get(g) ?? []) got.add(r);
  return ASSIGNABLE_ROLES.filter((r) => got.has(r));
}

/** The organisation of the first map entry whose group the user has; null when none. */
export function organisationForGroups(groups: readonly string[], orgMap: ReadonlyMap<string, string>): string | null {
  const have = new Set(groups);
  for (const [group, org] of orgMap) if (have.has(group)) return org;
  return null;
}

/**
 * A user name for a new OIDC account: the configured claim, else the e-mail address, else the
 * subject; lower case, other characters than [a-z0-9._@-] replaced by '-', 2 to 64 characters.
 */
export function usernameFromClaims(claims: Record<string, unknown>, usernameClaim: string): string {
  const pick = [claims[usernameClaim], claims.email, claims.sub].find((v): v is string => typeof v === 'string' && v.trim().length > 0) ?? 'gebruiker';
  const clean = pick
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._@-]+/g, '-')
    .slice(0, 64);
  return clean.length >= 2 ? clean : `${clean}-oidc`;
}
