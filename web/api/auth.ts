/** Login, session and beheer endpoints (types from the server contract). */
import type { z } from 'zod';
import type { AuditListSchema, MeSchema, OrganisationListSchema, UserCreatedSchema, UserListSchema } from '../../server/contract/auth.js';
import { apiFetch, qs } from './client.js';

export type Me = z.infer<typeof MeSchema>;
export type UserList = z.infer<typeof UserListSchema>;
export type UserCreated = z.infer<typeof UserCreatedSchema>;
export type AuditList = z.infer<typeof AuditListSchema>;
export type OrganisationList = z.infer<typeof OrganisationListSchema>;

const post = (body: unknown, method = 'POST') => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

export const authApi = {
  me: () => apiFetch<Me>('/api/auth/me'),
  login: (username: string, password: string) => apiFetch<Me>('/api/auth/login', post({ username, password })),
  logout: () => apiFetch<{ ok: boolean }>('/api/auth/logout', { method: 'POST' }),
  changePassword: (currentPassword: string, newPassword: string) => apiFetch<{ ok: boolean }>('/api/auth/password', post({ currentPassword, newPassword })),
  users: () => apiFetch<UserList>('/api/users'),
  addUser: (u: { username: string; displayName: string; roles: string[]; organisationId: number | null }) => apiFetch<UserCreated>('/api/users', post(u)),
  organisations: () => apiFetch<OrganisationList>('/api/organisations'),
  audit: (q: { table?: string; limit?: number } = {}) => apiFetch<AuditList>(`/api/audit${qs(q)}`),
};
