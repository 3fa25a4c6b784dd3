/**
 * Security middleware for every response: strict headers (Hono's secureHeaders with a
 * Content-Security-Policy the web app itself passes, see test/e2e/csp.e2e.ts), a Host check
 * against DNS rebinding, and an Origin check that refuses state-changing requests from another
 * site (a `text/plain` POST from a foreign page is a "simple" request that needs no CORS
 * preflight). Requests without Origin/Referer (curl, scripts) stay allowed; tokens for browser
 * sessions come on top of this.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { isIP } from 'node:net';
import type { Config } from '../config.js';
import { AppError, PROBLEM_TYPES, ValidationError } from '../errors.js';

/** `https://service.pdok.nl` from the configured tile template, or none if it is not http(s). */
export function tileOrigin(template: string): string | undefined {
  try {
    const u = new URL(template.replace(/\{[^}]*\}/g, '0'));
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Content-Security-Policy directives, as tight as the app allows (test/e2e/csp.e2e.ts loads
 * the map, every layer and the PDOK background under it and fails on any violation):
 * - scripts only from this origin (Vite emits no inline script), no inline event handlers;
 * - styles only from this origin: Svelte's component CSS is in the built stylesheet, and Svelte,
 *   MapLibre and deck.gl set element styles through the CSSOM, which CSP does not restrict;
 * - MapLibre's worker is a file from this origin (setWorkerUrl), so no blob: workers;
 * - images: data: for MapLibre's control icons in its CSS, blob: for its image decoding fallback;
 * - connect: data: because MapLibre fetches the heat raster (a canvas data: URL) like any image;
 * - the PDOK background, which the user can switch on at any time, from the configured origin.
 */
export function cspDirectives(config: Config) {
  const pdok = tileOrigin(config.pdokTileUrl);
  const extra = pdok ? [pdok] : [];
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:', ...extra],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", 'data:', ...extra],
    workerSrc: ["'self'"],
    childSrc: ["'self'"],
    frameSrc: ["'none'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    manifestSrc: ["'self'"],
  };
}

export function securityHeaders(config: Config): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: cspDirectives(config),
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    // Only honoured over HTTPS (behind a TLS proxy); no includeSubDomains: the municipality's
    // other hosts are not ours to pin.
    strictTransportSecurity: 'max-age=15552000',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
  });
}

/** Host name of a Host header value (`[::1]:8080` -> `::1`, `Example.org.` -> `example.org`). */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(1, h.indexOf(']')) : h.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

/**
 * Whether a Host header names this server. IP literals are always allowed: DNS rebinding needs a
 * name the attacker controls, so a page can never make a browser send an IP literal it did not
 * navigate to.
 */
export function hostAllowed(host: string, config: Config): boolean {
  if (config.allowedHosts.includes('*')) return true;
  const name = hostName(host);
  if (!name) return false;
  if (isIP(name)) return true;
  return name === 'localhost' || name === hostName(config.host) || config.allowedHosts.includes(name);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `host:port` of an absolute URL (default ports dropped), or undefined if unparsable/opaque. */
function urlHost(value: string): string | undefined {
  try {
    const u = new URL(value);
    return u.host ? u.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** Host check for every request, Origin check for state-changing ones. */
export function hostAndOriginCheck(config: Config): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!hostAllowed(host, config)) {
      throw new AppError(
        421,
        'Onbekende host',
        `Deze server antwoordt niet op de naam "${hostName(host).slice(0, 100)}". Gebruik het adres van de server of voeg de naam toe aan VK_ALLOWED_HOSTS.`,
      );
    }
    if (UNSAFE.has(c.req.method)) {
      const origin = c.req.header('origin');
      const referer = c.req.header('referer');
      const site = c.req.header('sec-fetch-site');
      const self = host.toLowerCase().replace(/:(80|443)$/, '');
      let foreign = false;
      if (origin !== undefined) foreign = urlHost(origin) !== self;
      else if (site === 'cross-site' || site === 'same-site') foreign = true;
      else if (referer) foreign = urlHost(referer) !== self;
      if (foreign) {
        throw new AppError(
          403,
          'Verzoek van andere website geweigerd',
          'Wijzigingen worden alleen geaccepteerd vanaf de Veiligheidskaart zelf, niet vanaf een andere website.',
          {},
          PROBLEM_TYPES.foreignOrigin,
        );
      }
    }
    await next();
  };
}

/**
 * A NUL character (%00) in the path or a query parameter is refused (400): PostgreSQL cannot hold
 * one in text (22021), so it would reach the database as a 500, and no name, code or filter of
 * this app contains one.
 */
export const refuseNulInUrl: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname + url.search.replace(/\+/g, ' '));
  } catch {
    decoded = '';
  }
  if (decoded.includes('\u0000')) throw new ValidationError('Ongeldige invoer: de link bevat een NUL-teken (%00).');
  await next();
};
