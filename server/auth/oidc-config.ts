/**
 * OpenID Connect login configuration from the environment (VK_OIDC_*), parsed once by
 * loadConfig. Without VK_OIDC_ISSUER the feature is off (null) and nothing else changes.
 *
 * The group maps accept either `group=role,group=role` (a group may appear more than once; split
 * on the last `=`, entries by `;` instead of `,` when the value contains one, so LDAP DNs such as
 * `CN=GG-VK,OU=Groepen` fit) or a JSON object `{"group": "role"}` / `{"group": ["role", ...]}`.
 */
import { z } from 'zod';
import { ASSIGNABLE_ROLES, type AssignableRole } from './roles.js';

export interface OidcConfig {
  issuer: URL;
  clientId: string;
  /** null: a public client (PKCE only, token endpoint auth `none`). */
  clientSecret: string | null;
  /** Where the IdP sends the browser back: register exactly this URL at the IdP. */
  redirectUri: URL;
  scopes: string;
  /** The claim (ID token, else userinfo) that lists the user's groups. */
  groupsClaim: string;
  /** IdP group -> roles. A user whose groups map to no role gets no session. */
  roleMap: ReadonlyMap<string, readonly AssignableRole[]>;
  /** IdP group -> organisation name (partners); empty: the organisation is left as a beheerder set it. */
  organisationMap: ReadonlyMap<string, string>;
  /** The claim used as user name for a new account (falls back to email, then subject). */
  usernameClaim: string;
  /** Where the browser goes after a login: VK_PUBLIC_URL, else `/`. */
  appUrl: string;
  /** Label of the login button. */
  label: string;
  /** Plain http to the IdP: only for an issuer on a loopback address (tests, a local IdP). */
  allowHttp: boolean;
}

export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const url = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), `${what} moet een volledige http(s)-URL zijn`);

type Pairs = [string, string][];

/** `a=x,b=y` or JSON `{"a": "x", "b": ["y", "z"]}` -> [key, value] pairs; throws a Dutch message. */
export function parsePairs(raw: string): Pairs {
  const s = raw.trim();
  if (!s) return [];
  if (s.startsWith('{')) {
    let obj: unknown;
    try {
      obj = JSON.parse(s);
    } catch {
      throw new Error('geen geldige JSON');
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('verwacht een JSON-object {"groep": "rol"}');
    const out: Pairs = [];
    for (const [k, v] of Object.entries(obj)) {
      const vals = Array.isArray(v) ? v : [v];
      for (const x of vals) {
        if (typeof x !== 'string') throw new Error(`waarde van "${k}" moet tekst zijn`);
        out.push([k, x]);
      }
    }
    return out;
  }
  const sep = s.includes(';') ? ';' : ',';
  return s
    .split(sep)
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const i = e.lastIndexOf('=');
      if (i <= 0 || i === e.length - 1) throw new Error(`"${e}" is geen groep=waarde`);
      return [e.slice(0, i).trim(), e.slice(i + 1).trim()] as [string, string];
    });
}

const RoleMapSchema = z.string().transform((raw, ctx) => {
  let pairs: Pairs;
  try {
    pairs = parsePairs(raw);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
  const map = new Map<string, AssignableRole[]>();
  for (const [group, role] of pairs) {
    const r = role.toLowerCase();
    if (!(ASSIGNABLE_ROLES as readonly string[]).includes(r)) {
      ctx.addIssue({ code: 'custom', message: `onbekende rol "${role}" voor groep "${group}" (kies uit ${ASSIGNABLE_ROLES.join(', ')})` });
      return z.NEVER;
    }
    const list = map.get(group) ?? [];
    if (!list.includes(r as AssignableRole)) list.push(r as AssignableRole);
    map.set(group, list);
  }
  if (map.size === 0) {
    ctx.addIssue({ code: 'custom', message: 'geef minstens één groep=rol (bv. GG-VK-Analisten=analist)' });
    return z.NEVER;
  }
  return map as ReadonlyMap<string, readonly AssignableRole[]>;
});

const OrgMapSchema = z.string().transform((raw, ctx) => {
  try {
    return new Map(parsePairs(raw)) as ReadonlyMap<string, string>;
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

const OidcEnvSchema = z
  .object({
    VK_OIDC_ISSUER: url('VK_OIDC_ISSUER'),
    VK_OIDC_CLIENT_ID: z.string({ error: 'verplicht als VK_OIDC_ISSUER is gezet' }).trim().min(1, 'verplicht als VK_OIDC_ISSUER is gezet'),
    VK_OIDC_CLIENT_SECRET: z.string().optional(),
    VK_OIDC_REDIRECT_URI: url('VK_OIDC_REDIRECT_URI').optional(),
    VK_PUBLIC_URL: url('VK_PUBLIC_URL').optional(),
    VK_OIDC_SCOPES: z
      .string()
      .trim()
      .regex(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, 'scopes gescheiden door één spatie')
      .refine((s) => s.split(' ').includes('openid'), 'moet de scope openid bevatten')
      .default('openid profile email'),
    VK_OIDC_GROUPS_CLAIM: z.string().trim().min(1).default('groups'),
    VK_OIDC_USERNAME_CLAIM: z.string().trim().min(1).default('preferred_username'),
    VK_OIDC_ROLE_MAP: RoleMapSchema.optional(),
    VK_OIDC_ORGANISATION_MAP: OrgMapSchema.default(new Map()),
    VK_OIDC_LABEL: z.string().trim().min(1).max(80).default('Inloggen met gemeenteaccount'),
  })
  .superRefine((e, ctx) => {
    if (!e.VK_OIDC_ROLE_MAP) ctx.addIssue({ code: 'custom', path: ['VK_OIDC_ROLE_MAP'], message: 'verplicht als VK_OIDC_ISSUER is gezet (bv. GG-VK-Analisten=analist,GG-VK-Beheer=beheerder)' });
    if (!e.VK_OIDC_REDIRECT_URI && !e.VK_PUBLIC_URL) {
      ctx.addIssue({ code: 'custom', path: ['VK_OIDC_REDIRECT_URI'], message: `zet VK_OIDC_REDIRECT_URI of VK_PUBLIC_URL (de redirect-URI wordt dan <VK_PUBLIC_URL>${OIDC_CALLBACK_PATH})` });
    }
    if (!URL.canParse(e.VK_OIDC_ISSUER)) return; // reported above
    const issuer = new URL(e.VK_OIDC_ISSUER);
    if (issuer.protocol === 'http:' && !LOOPBACK.has(issuer.hostname)) ctx.addIssue({ code: 'custom', path: ['VK_OIDC_ISSUER'], message: 'moet https zijn (http alleen voor localhost)' });
  });

/** The OIDC part of the environment, or null when VK_OIDC_ISSUER is not set. Throws a Dutch message on a bad value. */
export function parseOidcEnv(env: NodeJS.ProcessEnv): OidcConfig | null {
  if (!env.VK_OIDC_ISSUER?.trim()) return null;
  const parsed = OidcEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Ongeldige configuratie: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  const issuer = new URL(e.VK_OIDC_ISSUER);
  const redirectUri = e.VK_OIDC_REDIRECT_URI ? new URL(e.VK_OIDC_REDIRECT_URI) : new URL(OIDC_CALLBACK_PATH.slice(1), e.VK_PUBLIC_URL!.replace(/\/*$/, '/'));
  return {
    issuer,
    clientId: e.VK_OIDC_CLIENT_ID,
    clientSecret: e.VK_OIDC_CLIENT_SECRET?.length ? e.VK_OIDC_CLIENT_SECRET : null,
    redirectUri,
    scopes: e.VK_OIDC_SCOPES,
    groupsClaim: e.VK_OIDC_GROUPS_CLAIM,
    usernameClaim: e.VK_OIDC_USERNAME_CLAIM,
    roleMap: e.VK_OIDC_ROLE_MAP!,
    organisationMap: e.VK_OIDC_ORGANISATION_MAP,
    appUrl: e.VK_PUBLIC_URL ? new URL(e.VK_PUBLIC_URL).href : '/',
    label: e.VK_OIDC_LABEL,
    allowHttp: issuer.protocol === 'http:',
  };
}
