import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { LoginBodySchema, MeSchema, PasswordChangeSchema, TokenCreateSchema, TokenCreatedSchema, TokenListSchema, TokenSchema, IdParamSchema } from '../contract/auth.js';
import { registerOperation } from '../openapi.js';
import { authContext, clearSessionCookie, clientIp, setSessionCookie } from '../auth/middleware.js';
import { changePassword, createToken, listTokens, login, logout, logoutEverywhere, me, revokeToken } from '../services/auth.service.js';
import { validate } from './validate.js';
import { oidcRoutes } from './oidc.js';
import { z } from 'zod';

const tags = ['inloggen'];
const Ok = z.object({ ok: z.boolean() });
registerOperation('post', '/api/auth/login', { summary: 'Inloggen met gebruikersnaam en wachtwoord; zet de sessiecookie (HttpOnly, SameSite=Strict)', body: { contentType: 'application/json', schema: LoginBodySchema }, response: MeSchema, tags });
registerOperation('post', '/api/auth/logout', { summary: 'Uitloggen (deze sessie)', response: Ok, tags });
registerOperation('post', '/api/auth/logout-all', { summary: 'Overal uitloggen (alle sessies van dit account)', response: Ok, tags });
registerOperation('get', '/api/auth/me', { summary: 'Wie ben ik: rollen, rechten en het CSRF-token van de sessie', response: MeSchema, tags });
registerOperation('post', '/api/auth/password', { summary: 'Eigen wachtwoord wijzigen (ook het eenmalige wachtwoord)', body: { contentType: 'application/json', schema: PasswordChangeSchema }, response: Ok, tags });
registerOperation('get', '/api/auth/tokens', { summary: 'Eigen persoonlijke API-tokens', response: TokenListSchema, tags });
registerOperation('post', '/api/auth/tokens', { summary: 'Persoonlijk API-token maken (eenmalig getoond; Authorization: Bearer …)', body: { contentType: 'application/json', schema: TokenCreateSchema }, response: TokenCreatedSchema, tags });
registerOperation('delete', '/api/auth/tokens/{id}', { summary: 'Eigen API-token intrekken', params: IdParamSchema, response: TokenSchema, tags });

export const authRoutes = new Hono<AppEnv>()
  .post('/login', validate('json', LoginBodySchema), async (c) => {
    const res = await login(authContext(c.var.deps), c.req.valid('json'), { ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null, requestId: c.var.requestId ?? null });
    setSessionCookie(c, res.token, res.expiresAt);
    return c.json(await me(res.caller, c.var.deps.db, c.var.deps.config.oidc));
  })
  .post('/logout', async (c) => {
    await logout(c.var.caller, authContext(c.var.deps));
    clearSessionCookie(c);
    return c.json({ ok: true });
  })
  .post('/logout-all', async (c) => {
    await logoutEverywhere(c.var.caller, authContext(c.var.deps));
    clearSessionCookie(c);
    return c.json({ ok: true });
  })
  .get('/me', async (c) => c.json(await me(c.var.caller, c.var.deps.db, c.var.deps.config.oidc)))
  .post('/password', validate('json', PasswordChangeSchema), async (c) => {
    await changePassword(c.var.caller, authContext(c.var.deps), c.req.valid('json'));
    return c.json({ ok: true });
  })
  .get('/tokens', async (c) => c.json(await listTokens(c.var.caller, c.var.deps.db)))
  .post('/tokens', validate('json', TokenCreateSchema), async (c) => c.json(await createToken(c.var.caller, authContext(c.var.deps), c.req.valid('json').name), 201))
  .delete('/tokens/:id', validate('param', IdParamSchema), async (c) => c.json(await revokeToken(c.var.caller, authContext(c.var.deps), c.req.valid('param').id)))
  .route('/oidc', oidcRoutes);
