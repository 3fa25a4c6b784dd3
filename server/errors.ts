/**
 * Typed application errors. Every error leaves the API through one onError handler as
 * RFC 9457 `application/problem+json` with a Dutch `detail`.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 421 | 409 | 413 | 415 | 422 | 500 | 503,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors: { path: string; message: string }[] = []) {
    super(400, 'Ongeldige invoer', detail, { errors });
  }
}

export class NotFoundError extends AppError {
  constructor(detail: string) {
    super(404, 'Niet gevonden', detail);
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [k: string]: unknown;
}

export function toProblem(err: AppError, instance?: string): Problem {
  return { type: 'about:blank', title: err.title, status: err.status, detail: err.message, ...(instance ? { instance } : {}), ...err.extra };
}
