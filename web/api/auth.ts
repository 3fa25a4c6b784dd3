/** Login, session and beheer endpoints (types from the server contract). */
import type { z } from 'zod';
import type {
  AuditListSchema,
  AuditQuerySchema,
  MeSchema,
  OrganisationBodySchema,
  OrganisationListSchema,
  OrganisationSchema,
  UserCreatedSchema,
  UserCreateSchema,
  UserListSchema,
  UserPatchSchema,
  UserSchema,
} from '../../server/contract/auth.js';
import { apiFetch, qs } from './client.js';

export type Me = z.infer<typeof MeSchema>;
export type User = z.infer<typeof UserSchema>;
export type UserList = z.infer<typeof UserListSchema>;
export type UserCreated = z.infer<typeof UserCreatedSchema>;
export type NewUser = z.input<typeof UserCreateSchema>;
export type UserPatch = z.input<typeof UserPatchSchema>;
export type AuditList = z.infer<typeof AuditListSchema>;
export type AuditEntry = AuditList['entries'][number];
/** The audit list's filters and paging (GET /api/audit; `before` and `limit` are sent as text). */
export type AuditQuery = Partial<Omit<z.output<typeof AuditQuerySchema>, 'before' | 'limit'>> & { before?: number | undefined; limit?: number | undefined };
export type Organisation = z.infer<typeof OrganisationSchema>;
export type OrganisationBody = z.input<typeof OrganisationBodySchema>;
export type OrganisationList = z.infer<typeof OrganisationListSchema>;

const send = (body: unknown, method = 'POST') => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const auditQs = (q: AuditQuery) => qs({ table: q.table, record: q.record, user: q.user, action: q.action, from: q.from, to: q.to, before: q.before, limit: q.limit });

export const authApi = {
  me: () => apiFetch<Me>('/api/auth/me'),
  login: (username: string, password: string) => apiFetch<Me>('/api/auth/login', send({ username, password })),
  logout: () => apiFetch<{ ok: boolean }>('/api/auth/logout', { method: 'POST' }),
  changePassword: (currentPassword: string, newPassword: string) => apiFetch<{ ok: boolean }>('/api/auth/password', send({ currentPassword, newPassword })),
  users: (signal?: AbortSignal) => apiFetch<UserList>('/api/users', { signal }),
  addUser: (u: NewUser) => apiFetch<UserCreated>('/api/users', send(u)),
  updateUser: (id: number, patch: UserPatch) => apiFetch<User>(`/api/users/${id}`, send(patch, 'PATCH')),
  resetPassword: (id: number) => apiFetch<UserCreated>(`/api/users/${id}/password`, { method: 'POST' }),
  organisations: (signal?: AbortSignal) => apiFetch<OrganisationList>('/api/organisations', { signal }),
  addOrganisation: (o: OrganisationBody) => apiFetch<Organisation>('/api/organisations', send(o)),
  updateOrganisation: (id: number, o: OrganisationBody) => apiFetch<Organisation>(`/api/organisations/${id}`, send(o, 'PATCH')),
  deleteOrganisation: (id: number) => apiFetch<Organisation>(`/api/organisations/${id}`, { method: 'DELETE' }),
  audit: (q: AuditQuery = {}, signal?: AbortSignal) => apiFetch<AuditList>(`/api/audit${auditQs(q)}`, { signal }),
  /** The download link of the (filtered) audit trail as CSV. */
  auditCsvUrl: (q: AuditQuery = {}) => `/api/audit/csv${auditQs({ ...q, before: undefined, limit: 10_000 })}`,
};
