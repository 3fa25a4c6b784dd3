/**
 * Typed application errors. Every error leaves the API through one onError handler as
 * RFC 9457 `application/problem+json` with a Dutch `detail`.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 421 | 422 | 429 | 500 | 503,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
    /** Stable problem type URI (RFC 9457); about:blank when the status says it all. */
    readonly type: string = 'about:blank',
  ) {
    super(detail);
  }
}

/** Problem type URIs: stable per kind, so clients can branch on them (the web app asks for a login on login-vereist). */
export const PROBLEM_TYPES = {
  loginRequired: '/problems/login-vereist',
  forbidden: '/problems/geen-toegang',
  loginFailed: '/problems/inloggen-mislukt',
  tooManyAttempts: '/problems/te-veel-pogingen',
  passwordChange: '/problems/wachtwoord-wijzigen',
  csrf: '/problems/csrf-token',
  invalidToken: '/problems/ongeldig-token',
  foreignOrigin: '/problems/andere-website',
} as const;

/** 401: no (valid) login for something that needs one. */
export class LoginRequiredError extends AppError {
  constructor(detail = 'Log in om dit te zien of te doen.', type: string = PROBLEM_TYPES.loginRequired) {
    super(401, 'Inloggen vereist', detail, {}, type);
  }
}

/** 403: logged in (or public) but the role does not allow it. */
export class ForbiddenError extends AppError {
  constructor(detail = 'Uw rol geeft geen toegang tot deze gegevens of handeling.', type: string = PROBLEM_TYPES.forbidden) {
    super(403, 'Geen toegang', detail, {}, type);
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
  return { type: err.type, title: err.title, status: err.status, detail: err.message, ...(instance ? { instance } : {}), ...err.extra };
}
