/** Entry: read config, open db, migrate, load geodata, serve API and web app from one process. */
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { ensureDemoIncidents } from './services/demo.service.js';
import { openReadyDb } from './startup.js';
import { DataDirLockedError } from './db/lock.js';
import { createServer, listen } from './http/server.js';
import { DatabaseUnavailableError } from './db/errors.js';
import { ensureAdmin } from './services/auth.service.js';
import { applyRetention } from './services/settings.service.js';
import { systemCaller } from './auth/caller.js';
import { ensureDemoRegisters } from './registers/demo-seed.js';
import { REGISTERS } from './registers/registry.js';
import { ensureSeededRegisters } from './registers/seed.js';

const t0 = performance.now();
const config = loadConfig();
const log = (s: string) => console.log(`[veiligheidskaart] ${s}`);
log(config.databaseUrl ? 'Database: PostgreSQL (DATABASE_URL)' : `Database: ingebouwd (PGlite) in ${config.dataDir}`);
let db;
try {
  db = await openReadyDb(config, log, `server op http://${config.host}:${config.port}`);
} catch (err) {
  // Another process holds the PGlite data folder (say which), or PostgreSQL does not answer:
  // a Dutch line, without a stack trace.
  if (!(err instanceof DataDirLockedError) && !(err instanceof DatabaseUnavailableError)) throw err;
  console.error(`[veiligheidskaart] Fout: ${err.message}`);
  process.exit(1);
}
const demo = await ensureDemoIncidents(db, config);
if (demo.seeded) log(`Demo-incidenten aangemaakt: ${demo.count} (fictief; een echte import vervangt ze)`);
// Real records first (the plan's actions, not demo): a register that has them gets no demo data.
const realRegisters = await ensureSeededRegisters(db, REGISTERS, systemCaller('seed'));
for (const [k, n] of Object.entries(realRegisters)) if (n > 0) log(`Register ${REGISTERS.find((r) => r.name === k)?.label.plural ?? k} gevuld: ${n} records uit ${REGISTERS.find((r) => r.name === k)?.seed?.describe ?? 'de seed'}`);
const demoRegisters = await ensureDemoRegisters(db, config, REGISTERS, systemCaller('demo'));
const seededRegisters = Object.entries(demoRegisters).filter(([, n]) => n > 0);
if (seededRegisters.length) log(`Demo-registers aangemaakt: ${seededRegisters.map(([k, n]) => `${n} ${REGISTERS.find((r) => r.name === k)?.label.plural ?? k}`).join(', ')} (fictief; een import vervangt ze)`);
const admin = await ensureAdmin(db, config);
if (admin.created && admin.oneTimePassword) {
  log('');
  log(`Eerste start: account "${admin.username}" aangemaakt (alle rollen).`);
  log(`Eenmalig wachtwoord: ${admin.oneTimePassword}`);
  log('Log in via "Inloggen" rechtsboven; daarna kiest u een eigen wachtwoord. Dit wachtwoord wordt niet opnieuw getoond.');
  log('');
} else if (admin.created) log(`Eerste start: account "${admin.username}" aangemaakt met het wachtwoord uit VK_ADMIN_PASSWORD.`);
const retention = await applyRetention(systemCaller('bewaartermijn'), db, config);
if (retention.deleted > 0) log(`Bewaartermijn (${retention.years} jaar): ${retention.deleted} incidenten van vóór ${retention.cutoff!.slice(0, 10)} verwijderd`);
const app = createApp({ db, config });
const server = createServer(app);
const port = await listen(server, config.port, config.host);
log(`Klaar in ${Math.round(performance.now() - t0)} ms: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`);

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    server.close();
    void db.close().finally(() => process.exit(0));
  });
}
