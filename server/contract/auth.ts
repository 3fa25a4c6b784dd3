/** Accounts, sessions, API tokens, users, organisations, audit trail and settings. */
import { z } from 'zod';
import { ASSIGNABLE_ROLES, PERMISSIONS, ROLES } from '../auth/roles.js';
import { LocalDateSchema } from './common.js';

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._@-]{2,64}$/, '2 tot 64 tekens: letters, cijfers, punt, streepje, @ of _')
  .describe('Gebruikersnaam (kleine letters)');
export const PasswordSchema = z.string().min(12, 'minstens 12 tekens').max(256).describe('Wachtwoord (minstens 12 tekens)');

export const LoginBodySchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64).describe('Gebruikersnaam'),
  password: z.string().min(1).max(256).describe('Wachtwoord'),
});

export const MeSchema = z.object({
  authenticated: z.boolean(),
  user: z
    .object({ id: z.number().int(), username: z.string(), displayName: z.string(), organisation: z.string().nullable(), mustChangePassword: z.boolean() })
    .nullable(),
  roles: z.array(z.enum(ROLES)),
  permissions: z.array(z.enum(PERMISSIONS)),
  via: z.enum(['session', 'token']).nullable(),
  csrfToken: z.string().nullable().describe('Zend mee als X-CSRF-Token bij POST/PUT/PATCH/DELETE met de sessiecookie'),
  oidc: z
    .object({ label: z.string().describe('Tekst van de knop'), loginUrl: z.string().describe('Link die het inloggen bij de identity provider start') })
    .nullable()
    .describe('Inloggen via de identity provider van de gemeente (OpenID Connect); null: niet ingeschakeld'),
});
export type Me = z.infer<typeof MeSchema>;

export const PasswordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: PasswordSchema,
});

export const TokenCreateSchema = z.object({ name: z.string().trim().min(1).max(100).describe('Waarvoor (bv. QGIS)') });
export const TokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const TokenCreatedSchema = TokenSchema.extend({ token: z.string().describe('Eenmalig getoond; stuur als Authorization: Bearer …') });
export const TokenListSchema = z.object({ tokens: z.array(TokenSchema) });
export const IdParamSchema = z.object({ id: z.coerce.number().int().positive().describe('Id') });

export const RoleSchema = z.enum(ASSIGNABLE_ROLES);
export const UserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(RoleSchema),
  organisationId: z.number().int().nullable(),
  organisation: z.string().nullable(),
  mustChangePassword: z.boolean(),
  disabled: z.boolean(),
  lastLoginAt: z.string().nullable().describe('Laatste geslaagde login (ISO 8601), null: nog nooit'),
});
export type User = z.infer<typeof UserSchema>;
export const UserListSchema = z.object({ users: z.array(UserSchema) });
export const UserCreateSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().max(200).default(''),
  email: z.email().nullable().optional(),
  roles: z.array(RoleSchema).default([]),
  organisationId: z.number().int().positive().nullable().optional(),
  password: PasswordSchema.optional().describe('Leeg: een eenmalig wachtwoord wordt gemaakt en getoond'),
});
export const UserPatchSchema = z.object({
  displayName: z.string().trim().max(200).optional(),
  email: z.email().nullable().optional(),
  roles: z.array(RoleSchema).optional(),
  organisationId: z.number().int().positive().nullable().optional(),
  disabled: z.boolean().optional(),
});
export const UserCreatedSchema = z.object({ user: UserSchema, oneTimePassword: z.string().nullable() });

export const OrganisationSchema = z.object({ id: z.number().int(), name: z.string(), kind: z.string(), members: z.number().int() });
export const OrganisationListSchema = z.object({ organisations: z.array(OrganisationSchema) });
export const OrganisationBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['politie', 'brandweer', 'woningcorporatie', 'gemeente', 'overig']).default('overig'),
});

/**
 * A free-text filter: no control characters. PostgreSQL refuses a NUL byte in text (22021, which
 * would be a 500), and no table, record, user or action name holds one.
 */
const filterText = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'bevat stuurtekens');

export const AuditQuerySchema = z
  .object({
    table: filterText(64).optional().describe('Alleen deze tabel'),
    record: filterText(64).optional().describe('Alleen dit record (id)'),
    user: filterText(64).optional().describe('Alleen deze gebruiker'),
    action: filterText(32).optional().describe('Alleen deze handeling (create, update, delete, import, view, export, login, …)'),
    from: LocalDateSchema.optional().describe('Vanaf deze dag (Europe/Amsterdam, JJJJ-MM-DD)'),
    to: LocalDateSchema.optional().describe('Tot en met deze dag (Europe/Amsterdam, JJJJ-MM-DD)'),
    before: z.coerce.number().int().positive().optional().describe('Alleen regels met een kleiner id (bladeren)'),
    limit: z.coerce.number().int().min(1).max(10_000).prefault(200).describe('Hoogstens zoveel regels (standaard 200)'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'ligt vóór de begindatum' });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  username: z.string(),
  action: z.string(),
  table: z.string(),
  recordId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export const AuditListSchema = z.object({ entries: z.array(AuditEntrySchema) });
export type AuditList = z.infer<typeof AuditListSchema>;

export const RetentionSchema = z.object({ years: z.number().int().min(1).max(100).nullable().describe('Incidenten ouder dan zoveel jaar worden verwijderd; null: bewaren') });
export const SettingsSchema = z.object({ retention: RetentionSchema });
export const RetentionResultSchema = z.object({ years: z.number().int().nullable(), cutoff: z.string().nullable(), deleted: z.number().int() });
