/**
 * The one data-loading helper of the web (web/api/resource.svelte.ts): stale answers dropped,
 * loading and Dutch errors, the keep modes, the login hint, field errors, ensure and abort.
 * Loaders are deferred promises the test settles, so the order of answers is under control.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Resource } from '../../../web/api/resource.svelte.js';
import { ApiError } from '../../../web/api/client.js';

interface Deferred<T> {
  loader: (signal: AbortSignal) => Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
  signal: () => AbortSignal | null;
}

/** A loader whose answer the test gives; like apiFetch it rejects with AbortError when aborted. */
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  let sig: AbortSignal | null = null;
  const p = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return {
    loader: (signal) => {
      sig = signal;
      signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')), { once: true });
      return p;
    },
    resolve,
    reject,
    signal: () => sig,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('Resource', () => {
  it('keeps loading true until the answer, then stores it', async () => {
    const r = new Resource<number>();
    const d = deferred<number>();
    const p = r.run(d.loader, 'a');
    expect(r.loading).toBe(true);
    expect(r.path).toBe('a');
    d.resolve(1);
    expect(await p).toBe(1);
    expect(r).toMatchObject({ data: 1, dataKey: 'a', loading: false, error: null });
  });

  it('drops the answer of an earlier load when a newer one started, even when it comes last', async () => {
    const r = new Resource<string>();
    const first = deferred<string>();
    const second = deferred<string>();
    const p1 = r.run(first.loader, 'old');
    const p2 = r.run(second.loader, 'new');
    expect(first.signal()!.aborted).toBe(true);
    second.resolve('new answer');
    expect(await p2).toBe('new answer');
    first.resolve('old answer');
    expect(await p1).toBeNull();
    expect(r.data).toBe('new answer');
    expect(r.loading).toBe(false);
  });

  it('keeps loading true while the newer load runs after the older was aborted', async () => {
    const r = new Resource<string>();
    const first = deferred<string>();
    const second = deferred<string>();
    const p1 = r.run(first.loader);
    void r.run(second.loader);
    await p1;
    expect(r.loading).toBe(true);
    second.resolve('x');
  });

  it('gives the Dutch detail of an ApiError and keeps the earlier data by default', async () => {
    const r = new Resource<string>();
    await r.run(async () => 'eerst');
    const p = r.run(async () => {
      throw new ApiError(500, 'Serverfout', 'De server kon dit niet berekenen');
    });
    expect(r.error).toBeNull();
    expect(await p).toBeNull();
    expect(r.error).toBe('De server kon dit niet berekenen');
    expect(r.data).toBe('eerst');
    expect(r.loading).toBe(false);
  });

  it("keep 'reloading' shows the old data while loading but empties it on a failure", async () => {
    const r = new Resource<string>({ keep: 'reloading' });
    await r.run(async () => 'eerst', 'a');
    const d = deferred<string>();
    const p = r.run(d.loader, 'b');
    expect(r.data).toBe('eerst');
    d.reject(new Error('kapot'));
    await p;
    expect(r).toMatchObject({ data: null, dataKey: null, error: 'kapot' });
  });

  it("keep 'never' empties the data as soon as another load starts", async () => {
    const r = new Resource<string>({ keep: 'never' });
    await r.run(async () => 'eerst');
    const d = deferred<string>();
    void r.run(d.loader);
    expect(r.data).toBeNull();
    d.resolve('tweede');
  });

  it('with loginHint a 401 asks for a login instead of showing an error', async () => {
    const r = new Resource<string>({ loginHint: true });
    await r.run(async () => {
      throw new ApiError(401, 'Inloggen vereist', 'Log in om dit te zien', '/problems/login-vereist');
    });
    expect(r).toMatchObject({ needsLogin: true, error: null });
    await r.run(async () => 'ok');
    expect(r.needsLogin).toBe(false);
    const plain = new Resource<string>();
    await plain.run(async () => {
      throw new ApiError(401, 'Inloggen vereist', 'Log in om dit te zien');
    });
    expect(plain).toMatchObject({ needsLogin: false, error: 'Log in om dit te zien' });
  });

  it('puts field errors of the named fields in fieldErrors, and describe words other failures', async () => {
    const r = new Resource<string>({ fields: ['to'] });
    await r.run(async () => {
      throw new ApiError(400, 'Ongeldig', 'Ongeldige invoer', 'about:blank', [{ path: 'to', message: 'Tot ligt voor van' }]);
    });
    expect(r.fieldErrors).toEqual({ to: 'Tot ligt voor van' });
    expect(r.error).toMatch(/^Controleer/);
    const nf = new Resource<string>({ describe: (e) => (e instanceof ApiError && e.status === 404 ? 'Niet gevonden' : undefined) });
    await nf.run(async () => {
      throw new ApiError(404, 'Not found', 'x');
    });
    expect(nf.error).toBe('Niet gevonden');
    await nf.run(async () => {
      throw new ApiError(500, 'Fout', 'Serverfout');
    });
    expect(nf.error).toBe('Serverfout');
  });

  it('abort drops the running answer and ends loading at once', async () => {
    const r = new Resource<string>();
    const d = deferred<string>();
    const p = r.run(d.loader);
    r.abort();
    expect(r.loading).toBe(false);
    d.resolve('te laat');
    expect(await p).toBeNull();
    expect(r.data).toBeNull();
    expect(r.error).toBeNull();
  });

  it('ensure shares a running load of the same key and does not reload loaded data', async () => {
    const r = new Resource<string>();
    let calls = 0;
    const d = deferred<string>();
    const loader = (s: AbortSignal) => {
      calls++;
      return d.loader(s);
    };
    const a = r.ensure('k', loader);
    const b = r.ensure('k', loader);
    d.resolve('v');
    expect(await a).toBe('v');
    expect(await b).toBe('v');
    expect(await r.ensure('k', loader)).toBe('v');
    expect(calls).toBe(1);
    // Another key loads; after a failure the same key loads again.
    await r.ensure('j', async () => {
      throw new Error('weg');
    });
    expect(r.error).toBe('weg');
    expect(await r.ensure('j', async () => 'terug')).toBe('terug');
  });

  it('load GETs the path through apiFetch with the transform applied; reset forgets everything', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ n: 2 }), { headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    const r = new Resource<{ n: number }>((d) => ({ n: d.n * 10 }));
    expect(await r.load('/api/x')).toEqual({ n: 20 });
    expect(fetch).toHaveBeenCalledWith('/api/x', expect.objectContaining({ signal: expect.any(AbortSignal) }));
    expect(await r.ensure('/api/x')).toEqual({ n: 20 });
    expect(fetch).toHaveBeenCalledTimes(1);
    r.reset();
    expect(r).toMatchObject({ data: null, path: null, dataKey: null, loading: false });
  });
});
