/**
 * The caller travels with the request: set by the auth middleware as `c.var.caller` and passed
 * first into every service method, so role checks, row/column filtering in SQL and the audit row
 * all live in the service layer.
 */
import { ForbiddenError, LoginRequiredError } from '../errors.js';
import { permissionsOf, type Permission, type Role } from './roles.js';

export interface Caller {
  /** public: no login; user: a person (session, token or OIDC); system: start-up and CLI. */
  readonly kind: 'public' | 'user' | 'system';
  readonly userId: number | null;
  /** User name; 'publiek' or the system actor's name otherwise. Written into the audit trail. */
  readonly username: string;
  readonly roles: readonly Role[];
  readonly permissions: ReadonlySet<Permission>;
  readonly organisationId: number | null;
  readonly via: 'session' | 'token' | null;
  /** Session id (hash) for logout; null otherwise. */
  readonly sessionHash: string | null;
  /** The session's CSRF token (cookie sessions only). */
  readonly csrfToken: string | null;
  /** First login with a generated password: only the password change is allowed. */
  readonly mustChangePassword: boolean;
  readonly requestId: string | null;
}

export function publicCaller(requestId: string | null = null): Caller {
  return {
    kind: 'public',
    userId: null,
    username: 'publiek',
    roles: ['publiek'],
    permissions: permissionsOf([]),
    organisationId: null,
    via: null,
    sessionHash: null,
    csrfToken: null,
    mustChangePassword: false,
    requestId,
  };
}

/** Start-up jobs and CLI commands: every permission, audited under `name`. */
export function systemCaller(name = 'systeem'): Caller {
  const roles: Role[] = ['partner', 'analist', 'redacteur', 'beheerder'];
  return { ...publicCaller(), kind: 'system', username: name, roles, permissions: permissionsOf(roles) };
}

export function userCaller(
  u: { id: number; username: string; roles: Role[]; organisationId: number | null; mustChangePassword: boolean },
  via: 'session' | 'token',
  extra: { sessionHash?: string; csrfToken?: string; requestId?: string | null } = {},
): Caller {
  // Until a generated password is changed, the account can do no more than the public.
  const permissions = u.mustChangePassword ? permissionsOf([]) : permissionsOf(u.roles);
  return {
    kind: 'user',
    userId: u.id,
    username: u.username,
    roles: u.roles,
    permissions,
    organisationId: u.organisationId,
    via,
    sessionHash: extra.sessionHash ?? null,
    csrfToken: extra.csrfToken ?? null,
    mustChangePassword: u.mustChangePassword,
    requestId: extra.requestId ?? null,
  };
}

export function can(caller: Caller, permission: Permission): boolean {
  return caller.permissions.has(permission);
}

/** Throws 401 for the public (log in) or 403 for a logged-in caller without the permission. */
export function assertCan(caller: Caller, permission: Permission): void {
  if (can(caller, permission)) return;
  if (caller.kind === 'public') throw new LoginRequiredError();
  if (caller.mustChangePassword) throw passwordChangeRequired();
  throw new ForbiddenError();
}

export function passwordChangeRequired(): ForbiddenError {
  return new ForbiddenError('Wijzig eerst uw eenmalige wachtwoord (POST /api/auth/password); daarna kunt u verder.', '/problems/wachtwoord-wijzigen');
}
