import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { DistrictCodeParamSchema, DistrictsQuerySchema } from '../contract/districts.js';
import { getDistrict, listDistricts } from '../services/district.service.js';
import { validate } from './validate.js';

export const districtsRoutes = new Hono<AppEnv>()
  .get('/', validate('query', DistrictsQuerySchema), async (c) => {
    const { level } = c.req.valid('query');
    return c.json(await listDistricts(c.var.caller, c.var.deps.db, level));
  })
  .get('/:code', validate('param', DistrictCodeParamSchema), async (c) => {
    return c.json(await getDistrict(c.var.caller, c.var.deps.db, c.req.valid('param').code));
  });
