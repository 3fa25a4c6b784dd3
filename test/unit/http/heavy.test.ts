/**
 * The heavy-route bound (server/http/heavy.ts) on a small Hono app whose handler waits for the
 * test: at most `concurrent` run, `queue` wait in order, the next one is refused at once with 503
 * problem+json and Retry-After; a waiting request whose client aborts never runs.
 */
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { heavyLimit } from '../../../server/http/heavy.js';
import { AppError, toProblem } from '../../../server/errors.js';

function setup(concurrent: number, queue: number) {
  const limit = heavyLimit({ concurrent, queue, retryAfterS: 3 });
  const started: string[] = [];
  const gates = new Map<string, () => void>();
  const app = new Hono();
  app.use('*', limit.middleware);
  app.get('/work/:id', async (c) => {
    const id = c.req.param('id');
    started.push(id);
    await new Promise<void>((r) => gates.set(id, r));
    return c.text(`klaar ${id}`);
  });
  app.onError((err, c) => {
    const e = err as AppError;
    return c.body(JSON.stringify(toProblem(e, c.req.path)), e.status, { 'Content-Type': 'application/problem+json', 'Retry-After': String(e.extra.retryAfter) });
  });
  const until = async (f: () => boolean) => {
    while (!f()) await new Promise((r) => setTimeout(r, 1));
  };
  return { app, limit, started, gates, until };
}

describe('heavy route bound', () => {
  it('runs at most `concurrent`, queues `queue` in order and refuses the next with 503 + Retry-After', async () => {
    const { app, limit, started, gates, until } = setup(2, 2);
    const answers = ['a', 'b', 'c', 'd'].map((id) => app.request(`/work/${id}`));
    await until(() => started.length === 2 && limit.stats().waiting === 2);
    expect(started).toEqual(['a', 'b']);

    const refused = await app.request('/work/e');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('3');
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await refused.json()) as { detail: string; type: string };
    expect(problem.detail).toMatch(/Probeer het over 3 seconden opnieuw/);
    expect(problem.type).toContain('server-bezet');
    expect(started).not.toContain('e');

    gates.get('b')!();
    await until(() => started.length === 3);
    expect(started[2]).toBe('c'); // first come, first served
    gates.get('a')!();
    await until(() => started.length === 4);
    gates.get('c')!();
    gates.get('d')!();
    expect(await Promise.all(answers.map(async (r) => (await r).text()))).toEqual(['klaar a', 'klaar b', 'klaar c', 'klaar d']);
    expect(limit.stats()).toEqual({ running: 0, waiting: 0, refused: 1 });
  });

  it('drops a waiting request whose client has gone: it is never computed', async () => {
    const { app, limit, started, gates, until } = setup(1, 5);
    const first = app.request('/work/a');
    const ctrl = new AbortController();
    const gone = app.request(new Request('http://localhost/work/gone', { signal: ctrl.signal }));
    const after = app.request('/work/c');
    await until(() => limit.stats().waiting === 2);
    ctrl.abort();
    await until(() => limit.stats().waiting === 1);
    gates.get('a')!();
    await until(() => started.length === 2);
    expect(started).toEqual(['a', 'c']);
    gates.get('c')!();
    expect(await (await first).text()).toBe('klaar a');
    expect(await (await after).text()).toBe('klaar c');
    expect((await gone).status).toBe(503);
    expect(limit.stats()).toMatchObject({ running: 0, waiting: 0 });
  });
});
