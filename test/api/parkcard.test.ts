/**
 * The park information card (issue 10) through the API on the seeded demo registers: the demo
 * generator puts parks without an approved plan in/near high-risk compartments (the fire-service
 * table is not empty); the card page shows the fields and the contact only for roles with
 * registers:contacts; GET /api/parks/:id/card.pdf is a one-page A4 PDF of that page rendered by
 * Debian's Chromium with the caller's own session (text read back with poppler's pdftotext), 401
 * without a login, 403 before the one-time password is changed, 404 for an unknown park, 503 when
 * Chromium is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCaller } from '../../server/auth/caller.js';
import { createApp } from '../../server/app.js';
import type { Db } from '../../server/db/db.js';
import { REGISTERS } from '../../server/registers/registry.js';
import { ensureDemoRegisters } from '../../server/registers/demo-seed.js';
import { createTestUser, login, loginAs, testApp, testConfig, TEST_PASSWORD, withHeaders } from '../support/db.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let pub: App;
let red: App;
let analist: App;
let parkId: string;
let parkName: string;
let contactEmail: string;
const dir = mkdtempSync(join(tmpdir(), 'parkcard-'));

beforeAll(async () => {
  ({ db, app: pub } = await testApp());
  await ensureDemoRegisters(db, { demo: true }, REGISTERS, systemCaller('demo'), new Date('2026-06-01T12:00:00Z'));
  red = withHeaders(pub, await loginAs(pub, db, 'redacteur'));
  analist = withHeaders(pub, await loginAs(pub, db, 'analist'));
  const cov = (await (await pub.request('/api/coverage/parks')).json()) as { fireService: { rows: { parkId: string; name: string; plan: string }[] } };
  const row = cov.fireService.rows.find((r) => r.plan === 'geen') ?? cov.fireService.rows[0]!;
  parkId = row.parkId;
  parkName = row.name;
  const park = (await (await red.request(`/api/parks/${parkId}`)).json()) as { properties: { contact: { email: string } } };
  contactEmail = park.properties.contact.email;
}, 60_000);
afterAll(async () => db?.close());

/** Text of a PDF (poppler's pdftotext, layout kept) and its page count (pdfinfo). */
function pdfText(pdf: Buffer, name: string): { text: string; pages: number } {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  return { text, pages };
}

describe('demo parks near compartments', () => {
  it('gives the fire-service table parks without an approved plan in or near high-risk compartments', async () => {
    const cov = (await (await pub.request('/api/coverage/parks')).json()) as { fireService: { rows: { plan: string; proximity: string }[] } };
    expect(cov.fireService.rows.length).toBeGreaterThanOrEqual(3);
    expect(cov.fireService.rows.some((r) => r.plan === 'geen')).toBe(true);
    expect(cov.fireService.rows.some((r) => r.proximity === 'in')).toBe(true);
  });
});

describe('GET /api/parks/:id/card', () => {
  it('shows the card fields, the DEMO mark and, for a redacteur, the contact', async () => {
    const res = await red.request(`/api/parks/${parkId}/card`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain(parkName.replaceAll('&', '&amp;'));
    expect(page).toContain('DEMO — fictieve gegevens');
    expect(page).toMatch(/risicoklasse <strong data-testid="card-risk">(hoog|zeer hoog)<\/strong>/);
    expect(page).toContain('Laatste brandweerbezoek');
    expect(page).toContain('Kaart gemaakt op');
    expect(page).toContain(contactEmail);
    expect(page).toMatch(/<path d="M[\d. ]+L/); // the map has shapes
  });

  it('leaves the contact out for a role without registers:contacts (analist) and for the public', async () => {
    for (const app of [analist, pub]) {
      const page = await (await app.request(`/api/parks/${parkId}/card`)).text();
      expect(page).toContain(parkName.replaceAll('&', '&amp;'));
      expect(page).not.toContain(contactEmail);
      expect(page).not.toContain('Demo-contactpersoon');
      expect(page).toContain('Niet zichtbaar voor uw rol');
    }
  });

  it('is a 404 problem for an unknown park and a 400 for a malformed id', async () => {
    const res = await red.request('/api/parks/987654321/card');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toContain('987654321');
    expect((await red.request('/api/parks/abc/card')).status).toBe(400);
  });
});

describe('GET /api/parks/:id/card.pdf', () => {
  it('is a one-page A4 PDF of the card with the contact for a redacteur', async () => {
    const res = await red.request(`/api/parks/${parkId}/card.pdf`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="informatiekaart-[a-z0-9-]+-demo\.pdf"$/);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages } = pdfText(pdf, 'redacteur.pdf');
    expect(pages).toBe(1);
    expect(text).toContain(parkName);
    expect(text).toContain('DEMO');
    expect(text).toContain(contactEmail);
    expect(text).not.toContain('PDF downloaden');
  }, 60_000);

  it("renders with the caller's own rights: no contact in an analist's PDF", async () => {
    const res = await analist.request(`/api/parks/${parkId}/card.pdf`);
    expect(res.status).toBe(200);
    const { text } = pdfText(Buffer.from(await res.arrayBuffer()), 'analist.pdf');
    expect(text).toContain(parkName);
    expect(text).toContain('Niet zichtbaar voor uw rol');
    expect(text).not.toContain(contactEmail);
  }, 60_000);

  it('is 401 without a login, 403 before a one-time password is changed, 404 for an unknown park', async () => {
    const anon = await pub.request(`/api/parks/${parkId}/card.pdf`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('content-type')).toBe('application/problem+json');

    const user = await createTestUser(db, 'redacteur');
    const headers = await login(pub, user, TEST_PASSWORD);
    await db.query('UPDATE app_user SET must_change_password = true WHERE username = $1', [user]);
    const fresh = await pub.request(`/api/parks/${parkId}/card.pdf`, { headers });
    expect(fresh.status).toBe(403);

    const missing = await red.request('/api/parks/987654321/card.pdf');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });

  it('is a 503 problem with a Dutch detail when Chromium is not installed', async () => {
    const app = createApp({ db, config: testConfig({ chromiumPath: '/nonexistent/chromium' }) });
    const headers = await loginAs(app, db, 'redacteur');
    const res = await app.request(`/api/parks/${parkId}/card.pdf`, { headers });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as { type: string; detail: string };
    expect(body.type).toBe('/problems/pdf-niet-beschikbaar');
    expect(body.detail).toContain('Chromium is niet geïnstalleerd');
  });
});
