/**
 * The registers, in menu order. Adding a register = one declaration file + one line here (+ its
 * table in a migration): routes, route-table rules, OpenAPI, CSV/GeoJSON export, audit, history
 * and demo seeding follow from the declaration.
 */
import type { RouteRule } from '../auth/roles.js';
import { actions } from './actions.js';
import { fireCompartments } from './fire-compartments.js';
import { groups } from './groups.js';
import { parks } from './parks.js';
import type { RegisterDeclaration } from './types.js';

export const REGISTERS: readonly RegisterDeclaration[] = [groups, parks, fireCompartments, actions];

/** The route-table rules of every register's routes (server/auth/route-table.ts spreads them in). */
export function registerRouteRules(registers: readonly RegisterDeclaration[] = REGISTERS): Record<string, RouteRule> {
  const rules: Record<string, RouteRule> = {};
  for (const r of registers) {
    const base = `/api/${r.path}`;
    rules[`GET ${base}`] = r.permissions.read;
    rules[`POST ${base}`] = r.permissions.edit;
    rules[`POST ${base}/import`] = r.permissions.edit;
    rules[`GET ${base}/:id`] = r.permissions.read;
    rules[`PUT ${base}/:id`] = r.permissions.edit;
    rules[`PATCH ${base}/:id`] = r.permissions.edit;
    rules[`DELETE ${base}/:id`] = r.permissions.edit;
    rules[`GET ${base}/:id/history`] = r.permissions.contacts;
  }
  return rules;
}
