/** `npm run -s cli -- retention [--years N]`: applies (and optionally sets) the incident retention, audited. */
import { parseCliArgs, CliUsageError, runCommand, withDatabase, type CliIo } from './io.js';
import { systemCaller } from '../auth/caller.js';
import type { Db } from '../db/db.js';
import { applyRetention, setRetention } from '../services/settings.service.js';

export const summary = 'Bewaartermijn: incidenten ouder dan N jaar verwijderen (--years N zet de termijn)';

const HELP = `Gebruik: npm run -s cli -- retention [--years N]

Zonder --years: past de ingestelde bewaartermijn toe (instelling van de beheerder, anders
VK_RETENTION_YEARS). Met --years: stelt de termijn in en past hem meteen toe. Vastgelegd in de audittrail.`;

export async function run(argv: string[], io: CliIo, deps: { db?: Db; now?: Date } = {}): Promise<number> {
  return runCommand(io, async () => {
    const { values } = parseCliArgs({ args: argv, options: { years: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }, HELP);
    if (values.help) {
      io.stdout(HELP + '\n');
      return 0;
    }
    const years = values.years === undefined ? undefined : Number(values.years);
    if (years !== undefined && !(Number.isInteger(years) && years >= 1 && years <= 100)) throw new CliUsageError(`--years moet een geheel getal van 1 tot 100 zijn.\n\n${HELP}`);
    const { loadConfig } = await import('../config.js');
    const config = loadConfig();
    return withDatabase(io, deps.db, async (db) => {
      const caller = systemCaller('cli');
      const res = years === undefined ? await applyRetention(caller, db, config, deps.now) : await setRetention(caller, db, config, years, deps.now);
      io.stdout(res.years === null ? 'Geen bewaartermijn ingesteld; niets verwijderd.\n' : `Bewaartermijn ${res.years} jaar (vóór ${res.cutoff!.slice(0, 10)}): ${res.deleted} incidenten verwijderd.\n`);
      return 0;
    });
  });
}
