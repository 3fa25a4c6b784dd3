/**
 * Users and organisations (beheerder), each change audited in its own transaction. Removing a
 * role, disabling an account or resetting its password ends its sessions at once.
 */
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { assertCan, type Caller } from '../auth/caller.js';
import type { AssignableRole } from '../auth/roles.js';
import { AppError, NotFoundError } from '../errors.js';
import type { User } from '../contract/auth.js';
import { generatePassword, hashPassword, rolesOf } from './auth.service.js';
import { writeAudit } from './audit.service.js';

interface UserRow {
  id: string | number;
  username: string;
  display_name: string;
  email: string | null;
  must_change_password: boolean;
  disabled: boolean;
  organisation_id: string | number | null;
  organisation_name: string | null;
  roles: string[] | string;
  last_login_at: Date | string | null;
}

const toUser = (r: UserRow): User => ({
  id: Number(r.id),
  username: r.username,
  displayName: r.display_name,
  email: r.email,
  roles: rolesOf(r.roles).filter((x): x is AssignableRole => x !== 'publiek'),
  organisationId: r.organisation_id === null ? null : Number(r.organisation_id),
  organisation: r.organisation_name,
  mustChangePassword: r.must_change_password,
  disabled: r.disabled,
  lastLoginAt: r.last_login_at === null ? null : new Date(r.last_login_at).toISOString(),
});

export async function listUsers(caller: Caller, db: Db): Promise<{ users: User[] }> {
  assertCan(caller, 'users:manage');
  return { users: (await db.query<UserRow>(sql('auth-users'))).map(toUser) };
}

async function getUser(db: Db, id: number): Promise<User> {
  const [r] = await db.query<UserRow>(sql('auth-user-by-id'), [id]);
  if (!r) throw new NotFoundError(`Gebruiker ${id} bestaat niet.`);
  return toUser(r);
}

async function setRoles(tx: Db, id: number, roles: readonly AssignableRole[]) {
  await tx.query(sql('user-roles-delete'), [id]);
  for (const role of new Set(roles)) await tx.query(sql('user-role-insert'), [id, role]);
}

async function checkOrganisation(tx: Db, id: number | null | undefined) {
  if (id === null || id === undefined) return;
  const [o] = await tx.query(sql('organisation-exists'), [id]);
  if (!o) throw new AppError(422, 'Onbekende organisatie', `Organisatie ${id} bestaat niet.`, { errors: [{ path: 'organisationId', message: 'bestaat niet' }] });
}

export interface NewUser {
  username: string;
  displayName?: string;
  email?: string | null | undefined;
  roles: AssignableRole[];
  organisationId?: number | null | undefined;
  password?: string | undefined;
}

/** Creates an account; without a password a one-time password is generated (returned once, must be changed). */
export async function createUser(caller: Caller, db: Db, u: NewUser): Promise<{ user: User; oneTimePassword: string | null }> {
  assertCan(caller, 'users:manage');
  const oneTime = u.password ? null : generatePassword();
  const h = await hashPassword(u.password ?? oneTime!);
  const id = await db.transaction(async (tx) => {
    await checkOrganisation(tx, u.organisationId);
    const [r] = await tx.query<{ id: string | number }>(sql('user-insert'), [u.username, u.displayName ?? '', u.email ?? null, h, oneTime !== null, u.organisationId ?? null]);
    if (!r) throw new AppError(409, 'Bestaat al', `De gebruikersnaam ${u.username} is al in gebruik.`, { errors: [{ path: 'username', message: 'al in gebruik' }] });
    const id = Number(r.id);
    await setRoles(tx, id, u.roles);
    const user = await getUser(tx, id);
    await writeAudit(tx, caller, { action: 'create', table: 'app_user', recordId: id, after: user });
    return id;
  });
  return { user: await getUser(db, id), oneTimePassword: oneTime };
}

export async function updateUser(
  caller: Caller,
  db: Db,
  id: number,
  patch: { displayName?: string | undefined; email?: string | null | undefined; roles?: AssignableRole[] | undefined; organisationId?: number | null | undefined; disabled?: boolean | undefined },
): Promise<User> {
  assertCan(caller, 'users:manage');
  return db.transaction(async (tx) => {
    const before = await getUser(tx, id);
    if (id === caller.userId && (patch.disabled || (patch.roles && !patch.roles.includes('beheerder')))) {
      throw new AppError(422, 'Niet toegestaan', 'U kunt uw eigen account niet uitschakelen of uzelf de rol beheerder afnemen.');
    }
    await checkOrganisation(tx, patch.organisationId);
    await tx.query(sql('user-update'), [id, patch.displayName ?? null, patch.email !== undefined, patch.email ?? null, patch.organisationId !== undefined, patch.organisationId ?? null, patch.disabled ?? null]);
    if (patch.roles) await setRoles(tx, id, patch.roles);
    const lostRole = patch.roles && before.roles.some((r) => !patch.roles!.includes(r));
    if (patch.disabled || lostRole) await tx.query(sql('auth-sessions-delete-by-user'), [id]);
    if (patch.disabled) await tx.query(sql('user-tokens-revoke'), [id]);
    const after = await getUser(tx, id);
    await writeAudit(tx, caller, { action: 'update', table: 'app_user', recordId: id, before, after });
    return after;
  });
}

/** Sets a new one-time password (returned once) and ends the account's sessions. */
export async function resetPassword(caller: Caller, db: Db, id: number, password?: string): Promise<{ user: User; oneTimePassword: string | null }> {
  assertCan(caller, 'users:manage');
  const oneTime = password ? null : generatePassword();
  const h = await hashPassword(password ?? oneTime!);
  return db.transaction(async (tx) => {
    await getUser(tx, id);
    const [set] = await tx.query(sql('user-password-reset'), [id, h, oneTime !== null]);
    if (!set) throw new AppError(409, 'Inloggen via de gemeente', 'Dit account logt in via de identity provider van de gemeente en heeft geen wachtwoord in de Veiligheidskaart.');
    await tx.query(sql('auth-sessions-delete-by-user'), [id]);
    await tx.query(sql('user-login-attempts-clear'), [id]);
    await writeAudit(tx, caller, { action: 'update', table: 'app_user', recordId: id, after: { password: 'opnieuw ingesteld', mustChangePassword: oneTime !== null } });
    return { user: await getUser(tx, id), oneTimePassword: oneTime };
  });
}

export async function userIdByName(db: Db, username: string): Promise<number> {
  const [r] = await db.query<{ id: string | number }>(sql('user-id-by-name'), [username.toLowerCase()]);
  if (!r) throw new NotFoundError(`Gebruiker ${username} bestaat niet.`);
  return Number(r.id);
}

// ------------------------------------------------------------------------------------------
// Organisations
// ------------------------------------------------------------------------------------------

interface OrgRow {
  id: string | number;
  name: string;
  kind: string;
  members: string | number;
}
const toOrg = (r: OrgRow) => ({ id: Number(r.id), name: r.name, kind: r.kind, members: Number(r.members) });

const orgNameTaken = (name: string) => new AppError(409, 'Bestaat al', `Er is al een organisatie ${name}.`, { errors: [{ path: 'name', message: 'al in gebruik' }] });

export async function listOrganisations(caller: Caller, db: Db) {
  assertCan(caller, 'organisations:manage');
  return { organisations: (await db.query<OrgRow>(sql('organisations'))).map(toOrg) };
}

async function getOrg(db: Db, id: number) {
  const [r] = await db.query<OrgRow>(sql('organisation-by-id'), [id]);
  if (!r) throw new NotFoundError(`Organisatie ${id} bestaat niet.`);
  return toOrg(r);
}

export async function createOrganisation(caller: Caller, db: Db, o: { name: string; kind: string }) {
  assertCan(caller, 'organisations:manage');
  return db.transaction(async (tx) => {
    const [r] = await tx.query<{ id: string | number }>(sql('organisation-insert'), [o.name, o.kind]);
    if (!r) throw orgNameTaken(o.name);
    const org = await getOrg(tx, Number(r.id));
    await writeAudit(tx, caller, { action: 'create', table: 'organisation', recordId: org.id, after: org });
    return org;
  });
}

export async function updateOrganisation(caller: Caller, db: Db, id: number, o: { name: string; kind: string }) {
  assertCan(caller, 'organisations:manage');
  return db.transaction(async (tx) => {
    const before = await getOrg(tx, id);
    const [taken] = await tx.query(sql('organisation-name-taken'), [o.name, id]);
    if (taken) throw orgNameTaken(o.name);
    await tx.query(sql('organisation-update'), [id, o.name, o.kind]);
    const after = await getOrg(tx, id);
    await writeAudit(tx, caller, { action: 'update', table: 'organisation', recordId: id, before, after });
    return after;
  });
}

export async function deleteOrganisation(caller: Caller, db: Db, id: number) {
  assertCan(caller, 'organisations:manage');
  return db.transaction(async (tx) => {
    const before = await getOrg(tx, id);
    await tx.query(sql('organisation-delete'), [id]);
    await writeAudit(tx, caller, { action: 'delete', table: 'organisation', recordId: id, before });
    return before;
  });
}
