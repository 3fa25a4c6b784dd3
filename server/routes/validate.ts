/**
 * The validation wrappers: zValidator whose failure hook throws a ValidationError, so every
 * invalid input leaves through app.onError as problem+json with a Dutch detail; and validateJson
 * for JSON bodies, which reads and checks the body itself (media type, syntax, nesting depth)
 * before zod sees it.
 */
import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler, ValidationTargets } from 'hono';
import { z } from 'zod';
import { containsNul, exceedsJsonDepth, MAX_JSON_DEPTH } from '../domain/json.js';
import { AppError, ValidationError } from '../errors.js';

function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, target: string) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || target, message: i.message }));
}

const NUL_MESSAGE = 'bevat een NUL-teken (\\u0000); dat kan niet worden opgeslagen';

/** A JSON body schema that first refuses a NUL character anywhere (PostgreSQL cannot store one). */
function withoutNul<T extends z.ZodType>(schema: T): T {
  return z.unknown().refine((v) => !containsNul(v), NUL_MESSAGE).pipe(schema) as unknown as T;
}

export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, target === 'json' ? withoutNul(schema) : schema, (result) => {
    if (!result.success) {
      const errors = issuesOf(result.error, target);
      throw new ValidationError(`Ongeldige ${target === 'query' ? 'zoekparameters' : target === 'param' ? 'padparameters' : 'invoer'}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
    }
  });
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * A JSON request body checked in this order: Content-Type application/json (or +json) else 415;
 * valid JSON else 400; nesting at most MAX_JSON_DEPTH levels else 400 (checked iteratively, before
 * any recursive code runs); then the zod schema. Body size is limited by the route's bodyLimit.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function validateJson<T extends z.ZodType>(schema: T): MiddlewareHandler<any, string, { in: { json: z.input<T> }; out: { json: z.output<T> } }> {
  return async (c, next) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    if (!JSON_TYPE.test(type)) {
      throw new AppError(415, 'Onbekend bestandstype', `Stuur de gegevens als JSON met Content-Type application/json${type ? ` (niet ${type.slice(0, 100)})` : ''}.`);
    }
    const text = await c.req.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ValidationError(`Ongeldige JSON: ${err instanceof Error ? err.message.slice(0, 200) : 'onleesbaar'}.`);
    }
    if (exceedsJsonDepth(value)) {
      throw new ValidationError(`De JSON is dieper genest dan ${MAX_JSON_DEPTH} niveaus.`);
    }
    const result = withoutNul(schema).safeParse(value);
    if (!result.success) {
      const errors = issuesOf(result.error, 'json');
      throw new ValidationError(`Ongeldige invoer: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
    }
    c.req.addValidatedData('json', result.data as object);
    await next();
  };
}
