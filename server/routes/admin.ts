import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import {
  AuditListSchema,
  AuditQuerySchema,
  IdParamSchema,
  OrganisationBodySchema,
  OrganisationListSchema,
  OrganisationSchema,
  RetentionResultSchema,
  RetentionSchema,
  SettingsSchema,
  UserCreatedSchema,
  UserCreateSchema,
  UserListSchema,
  UserPatchSchema,
  UserSchema,
} from '../contract/auth.js';
import { registerOperation } from '../openapi.js';
import { auditCsv, listAudit } from '../services/audit.service.js';
import { getSettings, setRetention } from '../services/settings.service.js';
import { createOrganisation, createUser, deleteOrganisation, listOrganisations, listUsers, resetPassword, updateOrganisation, updateUser } from '../services/user.service.js';
import { validate } from './validate.js';
import { z } from 'zod';

const tags = ['beheer'];
const json = (schema: z.ZodType) => ({ contentType: 'application/json', schema });
registerOperation('get', '/api/users', { summary: 'Gebruikers met rollen en organisatie', response: UserListSchema, tags });
registerOperation('post', '/api/users', { summary: 'Gebruiker toevoegen (zonder wachtwoord: eenmalig wachtwoord in het antwoord)', body: json(UserCreateSchema), response: UserCreatedSchema, tags });
registerOperation('patch', '/api/users/{id}', { summary: 'Gebruiker wijzigen: naam, e-mail, rollen, organisatie, uitgeschakeld', params: IdParamSchema, body: json(UserPatchSchema), response: UserSchema, tags });
registerOperation('post', '/api/users/{id}/password', { summary: 'Nieuw eenmalig wachtwoord; beëindigt de sessies', params: IdParamSchema, response: UserCreatedSchema, tags });
registerOperation('get', '/api/organisations', { summary: 'Organisaties (partners)', response: OrganisationListSchema, tags });
registerOperation('post', '/api/organisations', { summary: 'Organisatie toevoegen', body: json(OrganisationBodySchema), response: OrganisationSchema, tags });
registerOperation('patch', '/api/organisations/{id}', { summary: 'Organisatie wijzigen', params: IdParamSchema, body: json(OrganisationBodySchema), response: OrganisationSchema, tags });
registerOperation('delete', '/api/organisations/{id}', { summary: 'Organisatie verwijderen (leden houden hun account)', params: IdParamSchema, response: OrganisationSchema, tags });
registerOperation('get', '/api/audit', { summary: 'Audittrail: wie wijzigde of bekeek wat (nieuwste eerst)', query: AuditQuerySchema, response: AuditListSchema, tags });
registerOperation('get', '/api/audit/csv', { summary: 'Audittrail als CSV', query: AuditQuerySchema, response: z.string(), responseType: 'text/csv; charset=utf-8', tags });
registerOperation('get', '/api/settings', { summary: 'Gedeelde instellingen (bewaartermijn incidenten)', response: SettingsSchema, tags });
registerOperation('put', '/api/settings/retention', { summary: 'Bewaartermijn incidenten instellen en meteen toepassen', body: json(RetentionSchema), response: RetentionResultSchema, tags });

export const adminRoutes = new Hono<AppEnv>()
  .get('/users', async (c) => c.json(await listUsers(c.var.caller, c.var.deps.db)))
  .post('/users', validate('json', UserCreateSchema), async (c) => c.json(await createUser(c.var.caller, c.var.deps.db, c.req.valid('json')), 201))
  .patch('/users/:id', validate('param', IdParamSchema), validate('json', UserPatchSchema), async (c) => c.json(await updateUser(c.var.caller, c.var.deps.db, c.req.valid('param').id, c.req.valid('json'))))
  .post('/users/:id/password', validate('param', IdParamSchema), async (c) => c.json(await resetPassword(c.var.caller, c.var.deps.db, c.req.valid('param').id)))
  .get('/organisations', async (c) => c.json(await listOrganisations(c.var.caller, c.var.deps.db)))
  .post('/organisations', validate('json', OrganisationBodySchema), async (c) => c.json(await createOrganisation(c.var.caller, c.var.deps.db, c.req.valid('json')), 201))
  .patch('/organisations/:id', validate('param', IdParamSchema), validate('json', OrganisationBodySchema), async (c) => c.json(await updateOrganisation(c.var.caller, c.var.deps.db, c.req.valid('param').id, c.req.valid('json'))))
  .delete('/organisations/:id', validate('param', IdParamSchema), async (c) => c.json(await deleteOrganisation(c.var.caller, c.var.deps.db, c.req.valid('param').id)))
  .get('/audit', validate('query', AuditQuerySchema), async (c) => c.json(await listAudit(c.var.caller, c.var.deps.db, c.req.valid('query'))))
  .get('/audit/csv', validate('query', AuditQuerySchema), async (c) =>
    c.body(await auditCsv(c.var.caller, c.var.deps.db, c.req.valid('query')), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="audittrail.csv"' }),
  )
  .get('/settings', async (c) => c.json(await getSettings(c.var.caller, c.var.deps.db, c.var.deps.config)))
  .put('/settings/retention', validate('json', RetentionSchema), async (c) => c.json(await setRetention(c.var.caller, c.var.deps.db, c.var.deps.config, c.req.valid('json').years)));
