/** Helpers the process-level benches share (startup, load): a free loopback port, polling. */
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Polls `f` every `intervalMs` until it returns a value (errors count as "not yet"), or throws after `timeoutMs`. */
export async function until<T>(f: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > timeoutMs) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
