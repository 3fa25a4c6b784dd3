/**
 * Back-pressure for the heavy read routes (analyses, incident lists, coverage, OGC items): at most
 * `concurrent` run at once, at most `queue` wait (first come, first served); beyond that the
 * answer is at once 503 problem+json with Retry-After, instead of an unbounded queue in which
 * every request waits for every other. A waiting request whose client has gone (the request's
 * AbortSignal, which @hono/node-server aborts when the connection closes) leaves the queue and
 * is never computed.
 *
 * Per process on purpose: it protects this process's event loop and memory; several app
 * processes behind a load balancer each have their own bound.
 */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';

export interface HeavyLimitOptions {
  concurrent: number;
  queue: number;
  /** Seconds a refused client is told to wait (Retry-After). */
  retryAfterS: number;
}

export interface HeavyLimit {
  middleware: MiddlewareHandler;
  /** Running and waiting requests now (for /api/health and tests). */
  stats(): { running: number; waiting: number; refused: number };
}

export const BUSY_PROBLEM = '/problems/server-bezet';

export function heavyLimit(opts: HeavyLimitOptions): HeavyLimit {
  let running = 0;
  let refused = 0;
  const waiting: { start: () => void; signal: AbortSignal }[] = [];

  const next = () => {
    while (running < opts.concurrent && waiting.length > 0) {
      const w = waiting.shift()!;
      if (w.signal.aborted) continue;
      running++;
      w.start();
    }
  };

  const middleware: MiddlewareHandler = async (c, go) => {
    const signal = c.req.raw.signal;
    if (running >= opts.concurrent) {
      if (waiting.length >= opts.queue) {
        refused++;
        throw new AppError(
          503,
          'Server bezet',
          `De server rekent al aan ${running} zware aanvragen en er wachten er ${waiting.length}. Probeer het over ${opts.retryAfterS} seconden opnieuw.`,
          { retryAfter: opts.retryAfterS },
          BUSY_PROBLEM,
        );
      }
      const admitted = await new Promise<boolean>((resolve) => {
        const entry = { start: () => resolve(true), signal };
        waiting.push(entry);
        signal.addEventListener(
          'abort',
          () => {
            const i = waiting.indexOf(entry);
            if (i >= 0) waiting.splice(i, 1);
            resolve(false);
          },
          { once: true },
        );
      });
      // The client went away while waiting: nothing to compute, and nobody reads the answer.
      if (!admitted) return c.body(null, 503);
    } else running++;
    try {
      await go();
    } finally {
      running--;
      next();
    }
  };
  return { middleware, stats: () => ({ running, waiting: waiting.length, refused }) };
}
