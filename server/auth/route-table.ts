/**
 * The route table: for every API route the permission it needs, in one place. The authorize
 * middleware looks up the matched route here and refuses (fail closed) a route that has no rule;
 * the access-matrix test enumerates the app's routes and fails for one that is missing here.
 *
 * `public`: anyone, also without a login. `authenticated`: any logged-in account (own session,
 * own tokens, own password). Otherwise a permission of server/auth/roles.ts.
 */
import type { RouteRule } from './roles.js';
import { registerRouteRules } from '../registers/registry.js';

export type { RouteRule } from './roles.js';

export const ROUTE_TABLE: Record<string, RouteRule> = {
  // meta
  'GET /api/health': 'public',
  'GET /api/meta': 'public',
  'GET /api/openapi.json': 'public',
  // auth
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'public',
  'POST /api/auth/logout-all': 'authenticated',
  'POST /api/auth/password': 'authenticated',
  'GET /api/auth/tokens': 'authenticated',
  'POST /api/auth/tokens': 'authenticated',
  'DELETE /api/auth/tokens/:id': 'authenticated',
  'GET /api/auth/oidc/login': 'public',
  'GET /api/auth/oidc/callback': 'public',
  // districts (CBS figures, public data)
  'GET /api/districts': 'aggregates:read',
  'GET /api/districts/:code': 'aggregates:read',
  // incidents
  'GET /api/incidents': 'incidents:read-exact',
  'GET /api/incidents/summary': 'aggregates:read',
  'POST /api/incidents/import': 'incidents:import',
  'GET /api/incidents/batches': 'incidents:batches',
  'DELETE /api/incidents/batches/:id': 'incidents:delete',
  // hotspots (aggregates; small counts suppressed for callers without aggregates:read-exact)
  'GET /api/hotspots/grid': 'aggregates:read',
  'GET /api/hotspots/kde': 'aggregates:read',
  'GET /api/hotspots/rates': 'aggregates:read',
  'GET /api/hotspots/hot-times': 'aggregates:read',
  'POST /api/hotspots/hot-times': 'aggregates:read',
  // register coverage (aggregates; near-repeat zones only with nearrepeat:zones, in the service)
  'GET /api/coverage/groups': 'aggregates:read',
  'GET /api/coverage/parks': 'aggregates:read',
  // near repeat
  'GET /api/nearrepeat/zones': 'nearrepeat:zones',
  'GET /api/nearrepeat/zones/:id/letter': 'nearrepeat:letters',
  'POST /api/nearrepeat/knox': 'knox:run',
  'GET /api/nearrepeat/knox/latest': 'aggregates:read',
  'GET /api/nearrepeat/knox/:jobId': 'knox:run',
  // beheer
  'GET /api/users': 'users:manage',
  'POST /api/users': 'users:manage',
  'PATCH /api/users/:id': 'users:manage',
  'POST /api/users/:id/password': 'users:manage',
  'GET /api/organisations': 'organisations:manage',
  'POST /api/organisations': 'organisations:manage',
  'PATCH /api/organisations/:id': 'organisations:manage',
  'DELETE /api/organisations/:id': 'organisations:manage',
  'GET /api/audit': 'audit:read',
  'GET /api/audit/csv': 'audit:read',
  'GET /api/settings': 'settings:write',
  'PUT /api/settings/retention': 'settings:write',
  // OGC API - Features (server/ogc/): open to all; each collection checks its own permission
  // (not listed and 401/403 for callers without it).
  'GET /ogc': 'public',
  'GET /ogc/conformance': 'public',
  'GET /ogc/collections': 'public',
  'GET /ogc/collections/:collectionId': 'public',
  'GET /ogc/collections/:collectionId/items': 'public',
  'GET /ogc/collections/:collectionId/items/:featureId': 'public',
  // registers (WhatsApp groups, parks, fire compartments): generated from their declarations
  ...registerRouteRules(),
  // park information card (page public as the park itself; the PDF starts a Chromium: logged in)
  'GET /api/parks/:id/card': 'aggregates:read',
  'GET /api/parks/:id/card.pdf': 'authenticated',
  'GET /api/print/parkkaart.css': 'public',
};

/** Routes a caller whose one-time password must still be changed may use. */
export const BEFORE_PASSWORD_CHANGE = new Set(['POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/me', 'POST /api/auth/password', 'GET /api/health', 'GET /api/meta', 'GET /api/openapi.json']);
