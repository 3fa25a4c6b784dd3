/** Environment parsed once (zod); everything else receives a Config. */
import { z } from 'zod';
import { parseOidcEnv, type OidcConfig } from './auth/oidc-config.js';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080), // 0: any free port (tests)
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  VK_DATA_DIR: z.string().default('./data'),
  VK_GEODATA_DIR: z.string().default('./geodata'),
  VK_WEB_DIR: z.string().default('./dist'),
  VK_BASEMAP: z.enum(['local', 'pdok']).default('local'),
  VK_PDOK_TILES: z
    .string()
    .default('https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png'),
  VK_DEMO: z.enum(['true', 'false']).default('true'),
  VK_ALLOWED_HOSTS: z.string().default(''),
  VK_MAX_UPLOAD_MB: z.string().regex(/^\d+$/, 'verwacht een geheel aantal MB').transform(Number).pipe(z.number().int().min(1).max(4096)).default(200),
  VK_ADMIN_USER: z.string().regex(/^[a-zA-Z0-9._@-]{2,64}$/).default('admin'),
  VK_ADMIN_PASSWORD: z.string().min(12, 'minstens 12 tekens').optional(),
  VK_SECURE_COOKIES: z.enum(['true', 'false', 'auto']).default('auto'),
  VK_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  VK_SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  VK_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  VK_RETENTION_YEARS: z.coerce.number().int().min(1).max(100).optional(),
  VK_CHROMIUM: z.string().default('/usr/bin/chromium'), // headless Chromium for PDFs (server/pdf)
  VK_HEAVY_CONCURRENT: z.coerce.number().int().min(1).max(64).default(4),
  VK_HEAVY_QUEUE: z.coerce.number().int().min(0).max(10_000).default(100),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  geodataDir: string;
  webDir: string;
  basemap: 'local' | 'pdok';
  pdokTileUrl: string;
  demo: boolean;
  /** Chromium executable that renders PDFs (server/pdf); missing: the PDF routes answer 503. */
  chromiumPath: string;
  /**
   * Host names (without port) the server answers to besides the listen host, localhost and IP
   * literals (VK_ALLOWED_HOSTS, comma-separated; `*` turns the check off). Guards against DNS
   * rebinding.
   */
  allowedHosts: string[];
  /** Largest incident upload (POST /api/incidents/import), in MB (MiB). */
  maxUploadMb: number;
  /** Heavy read routes (server/http/heavy.ts): at most `concurrent` at once, `queue` waiting, then 503. */
  heavy: { concurrent: number; queue: number };
  auth: {
    adminUser: string;
    adminPassword: string | undefined;
    /** true: always Secure cookies; 'auto': Secure when the request came over https (or X-Forwarded-Proto https behind a trusted proxy). */
    secureCookies: boolean | 'auto';
    idleMinutes: number;
    maxHours: number;
    /** Take the client IP and protocol from X-Forwarded-For/-Proto (only behind your own proxy). */
    trustProxy: boolean;
  };
  /** Default incident retention in years (a beheerder's setting in the database wins). */
  retentionYears: number | undefined;
  /** Login through the municipality's OpenID Connect IdP (VK_OIDC_*); null: off. */
  oidc: OidcConfig | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Ongeldige configuratie: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  const oidc = parseOidcEnv(env);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.VK_DATA_DIR,
    geodataDir: e.VK_GEODATA_DIR,
    webDir: e.VK_WEB_DIR,
    basemap: e.VK_BASEMAP,
    pdokTileUrl: e.VK_PDOK_TILES,
    demo: e.VK_DEMO === 'true',
    chromiumPath: e.VK_CHROMIUM,
    allowedHosts: e.VK_ALLOWED_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    maxUploadMb: e.VK_MAX_UPLOAD_MB,
    heavy: { concurrent: e.VK_HEAVY_CONCURRENT, queue: e.VK_HEAVY_QUEUE },
    auth: {
      adminUser: e.VK_ADMIN_USER,
      adminPassword: e.VK_ADMIN_PASSWORD,
      secureCookies: e.VK_SECURE_COOKIES === 'auto' ? 'auto' : e.VK_SECURE_COOKIES === 'true',
      idleMinutes: e.VK_SESSION_IDLE_MINUTES,
      maxHours: e.VK_SESSION_MAX_HOURS,
      trustProxy: e.VK_TRUST_PROXY === 'true',
    },
    retentionYears: e.VK_RETENTION_YEARS,
    oidc,
  };
}
