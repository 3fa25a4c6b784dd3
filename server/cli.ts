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

// A reader that goes away early (`| head`) makes the next write fail with EPIPE: stop writing to
// it and let the command finish (and close its database) normally, without a stack trace.
const gone = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    gone.add(stream);
    if (err.code !== 'EPIPE' && stream === process.stdout && !gone.has(process.stderr)) {
      process.stderr.write(`Fout bij het schrijven van de uitvoer: ${err.message}\n`);
      process.exitCode = 1;
    }
  });
}
const write = (stream: NodeJS.WriteStream) => (s: string) => {
  if (!gone.has(stream) && !stream.destroyed) stream.write(s);
};

/**
 * Resolves when everything written to `stream` so far has been handed to the OS. Writes to a pipe
 * are asynchronous: exiting before they finish cut the output at the pipe's 64 KiB buffer.
 */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (gone.has(stream) || stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    stream.write('', () => resolve()); // write callbacks run in order, also with an error
    stream.once('close', () => resolve());
  });
}

async function exit(code: number): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(typeof process.exitCode === 'number' && process.exitCode !== 0 ? process.exitCode : code);
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const io: CliIo = {
    stdout: write(process.stdout),
    stderr: write(process.stderr),
    command: name,
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
  (code) => exit(code),
  (err: unknown) => {
    write(process.stderr)(`Fout: ${err instanceof Error ? err.message : String(err)}\n`);
    // Bad usage or input reported by throwing (instead of returning 2) still exits 2.
    return exit(err instanceof CliUsageError ? 2 : 1);
  },
);
