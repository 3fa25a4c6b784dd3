/**
 * The one validation wrapper: zValidator whose failure hook throws a ValidationError, so every
 * invalid input leaves through app.onError as problem+json with a Dutch detail.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ValidationError } from '../errors.js';

export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const errors = result.error.issues.map((i) => ({ path: i.path.join('.') || target, message: i.message }));
      throw new ValidationError(`Ongeldige ${target === 'query' ? 'zoekparameters' : target === 'param' ? 'padparameters' : 'invoer'}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
    }
  });
}
