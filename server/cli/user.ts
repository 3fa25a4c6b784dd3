/**
 * `npm run -s cli -- user add|role|reset|list`: accounts from the command line (audited as 'cli').
 */
import { CliUsageError, parseCliArgs, runCommand, withDatabase, type CliIo } from './io.js';
import { systemCaller } from '../auth/caller.js';
import { ASSIGNABLE_ROLES, type AssignableRole } from '../auth/roles.js';
import type { Db } from '../db/db.js';
import { AppError } from '../errors.js';
import { UsernameSchema } from '../contract/auth.js';
import { createUser, listUsers, resetPassword, updateUser, userIdByName } from '../services/user.service.js';

export const summary = 'Gebruikers: toevoegen (add), rollen zetten (role), wachtwoord opnieuw (reset), tonen (list)';

const HELP = `Gebruik:
  npm run -s cli -- user add <naam> [--role analist --role beheerder ...] [--name "Volledige naam"] [--email adres]
  npm run -s cli -- user role <naam> <rol>[,<rol>...]      rollen vervangen (${ASSIGNABLE_ROLES.join(', ')}; leeg: "")
  npm run -s cli -- user reset <naam>                       nieuw eenmalig wachtwoord (sessies vervallen)
  npm run -s cli -- user list

Een nieuw account krijgt een eenmalig wachtwoord dat één keer wordt getoond en bij de eerste
keer inloggen moet worden gewijzigd.`;

function roles(list: string[]): AssignableRole[] {
  const out = list.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const bad = out.filter((r) => !(ASSIGNABLE_ROLES as readonly string[]).includes(r));
  if (bad.length) throw new CliUsageError(`Onbekende rol: ${bad.join(', ')} (kies uit ${ASSIGNABLE_ROLES.join(', ')})`);
  return out as AssignableRole[];
}

export async function run(argv: string[], io: CliIo, deps: { db?: Db } = {}): Promise<number> {
  return runCommand(
    io,
    async () => {
      const { values, positionals } = parseCliArgs(
        { args: argv, allowPositionals: true, options: { role: { type: 'string', multiple: true }, name: { type: 'string' }, email: { type: 'string' }, help: { type: 'boolean', short: 'h' } } },
        HELP,
      );
      const [sub, username, arg] = positionals;
      if (values.help || !sub) {
        io.stdout(HELP + '\n');
        return values.help ? 0 : 2;
      }
      const caller = systemCaller('cli');
      const name = () => {
        const parsed = UsernameSchema.safeParse(username ?? '');
        if (!parsed.success) throw new CliUsageError(`Ongeldige gebruikersnaam: ${parsed.error.issues[0]?.message ?? ''}\n\n${HELP}`);
        return parsed.data;
      };
      return withDatabase(io, deps.db, async (db) => {
        switch (sub) {
          case 'add': {
            const res = await createUser(caller, db, { username: name(), roles: roles(values.role ?? []), displayName: values.name ?? '', email: values.email ?? null });
            io.stdout(`Account ${res.user.username} aangemaakt (rollen: ${res.user.roles.join(', ') || 'geen'}).\nEenmalig wachtwoord: ${res.oneTimePassword}\n`);
            return 0;
          }
          case 'role': {
            if (arg === undefined) throw new CliUsageError(`Geef de rollen op.\n\n${HELP}`);
            const u = await updateUser(caller, db, await userIdByName(db, name()), { roles: roles([arg]) });
            io.stdout(`Rollen van ${u.username}: ${u.roles.join(', ') || 'geen'}\n`);
            return 0;
          }
          case 'reset': {
            const res = await resetPassword(caller, db, await userIdByName(db, name()));
            io.stdout(`Nieuw eenmalig wachtwoord voor ${res.user.username}: ${res.oneTimePassword}\n`);
            return 0;
          }
          case 'list': {
            for (const u of (await listUsers(caller, db)).users) io.stdout(`${u.username}\t${u.roles.join(',') || '-'}${u.disabled ? '\tuitgeschakeld' : ''}\n`);
            return 0;
          }
          default:
            throw new CliUsageError(`Onbekend subcommando: ${sub}\n\n${HELP}`);
        }
      });
    },
    [AppError],
  );
}
