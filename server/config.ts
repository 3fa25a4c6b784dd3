/** Environment parsed once (zod); everything else receives a Config. */
import { z } from 'zod';

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
  /**
   * Host names (without port) the server answers to besides the listen host, localhost and IP
   * literals (VK_ALLOWED_HOSTS, comma-separated; `*` turns the check off). Guards against DNS
   * rebinding.
   */
  allowedHosts: string[];
  /** Largest incident upload (POST /api/incidents/import), in MB (MiB). */
  maxUploadMb: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Ongeldige configuratie: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
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
    allowedHosts: e.VK_ALLOWED_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    maxUploadMb: e.VK_MAX_UPLOAD_MB,
  };
}
