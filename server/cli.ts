/**
 * Command-line entry: `npm run -s cli -- <command> [options]`.
 * Each command lives in server/cli/<command>.ts and exports `run(argv, io): Promise<number>`
 * (the exit code); this file only dispatches, so commands stay testable without a process.
 */
import { CliUsageError, type CliIo } from './cli/io.js';

const commands: Record<string, () => Promise<{ run: (argv: string[], io: CliIo) => Promise<number>; summary: string }>> = {
  'import-districts': () => import('./cli/import-districts.js'),
  'import-incidents': () => import('./cli/import-incidents.js'),
  hotspots: () => import('./cli/hotspots.js'),
  knox: () => import('./cli/knox.js'),
  user: () => import('./cli/user.js'),
  retention: () => import('./cli/retention.js'),
};

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const io: CliIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  };
  if (!name || name === '--help' || name === 'help' || !(name in commands)) {
    if (name && name !== '--help' && name !== 'help') io.stderr(`Onbekend commando: ${name}\n\n`);
    io.stderr('Gebruik: npm run -s cli -- <commando> [opties]\n\nCommando\'s:\n');
    for (const [cmd, load] of Object.entries(commands)) {
      try {
        const mod = await load();
        io.stderr(`  ${cmd.padEnd(18)} ${mod.summary}\n`);
      } catch {
        io.stderr(`  ${cmd}\n`);
      }
    }
    return name && name !== '--help' && name !== 'help' ? 2 : 0;
  }
  const mod = await commands[name]!();
  return mod.run(rest, io);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Fout: ${err instanceof Error ? err.message : String(err)}\n`);
    // Bad usage or input reported by throwing (instead of returning 2) still exits 2.
    process.exit(err instanceof CliUsageError ? 2 : 1);
  },
);
