import { describe, expect, it } from 'vitest';
import {
  activeBurglaries,
  burglaryStatus,
  explainLinks,
  nearRepeatView,
  zoneTiming,
  type ZoneBurglary,
} from '../../../server/domain/nearrepeat/zones.js';
import { buildBurgernetMessage, buildNotificationLetter, buildNotificationText, lastRiskDay } from '../../../server/domain/nearrepeat/letter.js';
import { knoxTest, knoxTestSync } from '../../../server/domain/nearrepeat/knox.js';
import { DAY_MS } from '../../../server/domain/hotspots/time.js';
import { amsterdamEndOfDay } from '../../../server/domain/incidents/time.js';

const T0 = Date.parse('2025-03-10T20:00:00Z');
function b(id: number, daysAfterT0: number, x = 0, y = 0, kind = 'woninginbraak'): ZoneBurglary {
  const to = new Date(T0 + daysAfterT0 * DAY_MS);
  return { id, sourceId: `S${id}`, kind, from: new Date(to.getTime() - 6 * 3_600_000), to, x, y };
}
const at = (days: number) => new Date(T0 + days * DAY_MS);

describe('burglaryStatus: active when 0 <= age < D (event time = end of the pleegperiode)', () => {
  it('is active from its event time on, and expired exactly D days later', () => {
    const x = b(1, 0);
    expect(burglaryStatus(x, at(-0.001), 14).active).toBe(false);
    expect(burglaryStatus(x, at(0), 14)).toMatchObject({ active: true, daysLeft: 14, ageDays: 0 });
    expect(burglaryStatus(x, new Date(T0 + 14 * DAY_MS - 1), 14)).toMatchObject({ active: true, daysLeft: 1 });
    expect(burglaryStatus(x, at(14), 14)).toMatchObject({ active: false, daysLeft: null });
    expect(burglaryStatus(x, at(20), 14).active).toBe(false);
    expect(burglaryStatus(x, at(3), 14).expiresAt.toISOString()).toBe(new Date(T0 + 14 * DAY_MS).toISOString());
  });

  it('counts days left as the calendar dates from the reference date through the last risk date', () => {
    // Event 21:00 local on 10 March; last risk date 23 March.
    const x = b(1, 0);
    expect(burglaryStatus(x, at(0.1), 14).daysLeft).toBe(14); // 10 March 23:24
    expect(burglaryStatus(x, at(0.5), 14).daysLeft).toBe(13); // 11 March 09:00
    expect(burglaryStatus(x, at(1), 14).daysLeft).toBe(13);
    expect(burglaryStatus(x, at(1.01), 14).daysLeft).toBe(13);
    expect(burglaryStatus(x, at(13.1), 14).daysLeft).toBe(1); // 23 March 23:24
    expect(burglaryStatus(x, at(13.5), 14).daysLeft).toBe(1); // 24 March 09:00, still before 21:00: never 0
  });

  it('uses the end of the pleegperiode, not its start', () => {
    const long: ZoneBurglary = { id: 9, sourceId: 'S9', kind: 'woninginbraak', from: at(-30), to: at(0), x: 0, y: 0 };
    expect(burglaryStatus(long, at(1), 14).active).toBe(true);
  });

  it('with the end-of-day reference is active on D calendar days, counting down D..1', () => {
    // Event at 21:00 local on 10 March 2025, D = 14: active 10..23 March, gone on 24 March.
    const x = b(1, 0);
    const day = (d: number) => amsterdamEndOfDay(2025, 3, d);
    expect(burglaryStatus(x, day(9), 14).active).toBe(false);
    expect(burglaryStatus(x, day(10), 14).daysLeft).toBe(14);
    expect(burglaryStatus(x, day(23), 14).daysLeft).toBe(1);
    expect(burglaryStatus(x, day(24), 14).active).toBe(false);
  });

  it('activeBurglaries keeps only the active ones, in time order', () => {
    const list = [b(3, 5), b(1, -20), b(2, 0), b(4, 30)];
    expect(activeBurglaries(list, at(10), 14).map((a) => [a.id, a.daysLeft])).toEqual([
      [2, 4],
      [3, 9],
    ]);
  });
});

describe('explainLinks: a later burglary within R and D after an earlier one', () => {
  const w = { radiusMetres: 200, days: 14 };

  it('links B to A when closer than R and within D days after, both at or before ref', () => {
    const links = explainLinks([b(1, 0, 0, 0), b(2, 3, 150, 0)], at(5), w);
    expect(links).toEqual([{ originatorId: 1, laterId: 2, distanceMetres: 150, lagDays: 3 }]);
  });

  it('uses right-open bounds: distance R or lag D is not a near repeat', () => {
    expect(explainLinks([b(1, 0, 0, 0), b(2, 3, 200, 0)], at(5), w)).toEqual([]);
    expect(explainLinks([b(1, 0, 0, 0), b(2, 14, 10, 0)], at(20), w)).toEqual([]);
    expect(explainLinks([b(1, 0, 0, 0), b(2, 13.99, 10, 0)], at(20), w)).toHaveLength(1);
  });

  it('ignores burglaries after ref and orders ties by id', () => {
    expect(explainLinks([b(1, 0), b(2, 3, 10)], at(2), w)).toEqual([]);
    const tie = explainLinks([b(5, 1, 0), b(4, 1, 10)], at(2), w);
    expect(tie.map((l) => [l.originatorId, l.laterId])).toEqual([[4, 5]]);
  });

  it('nearRepeatView shows active burglaries plus expired originators, with both link directions', () => {
    // 1 (day 0) explains 2 (day 10); on day 20, 1 is expired, 2 is active; 3 is far away and active.
    const list = [b(1, 0, 0, 0), b(2, 10, 50, 0), b(3, 12, 5000, 0), b(4, -40, 0, 0)];
    const view = nearRepeatView(list, at(20), w);
    expect(view.active.map((a) => a.id)).toEqual([2, 3]);
    const shown = Object.fromEntries(view.shown.map((s) => [s.id, s]));
    expect(Object.keys(shown).map(Number).sort()).toEqual([1, 2, 3]);
    expect(shown[1]).toMatchObject({ active: false, daysLeft: null, originatorIds: [], explainsIds: [2] });
    expect(shown[2]).toMatchObject({ active: true, daysLeft: 4, originatorIds: [1], explainsIds: [] });
    expect(shown[3]).toMatchObject({ active: true, daysLeft: 6, originatorIds: [] });
  });

  it('zoneTiming: id = smallest member id, daysLeft = max, expiresAt = latest', () => {
    const t = zoneTiming([
      { id: 7, daysLeft: 3, expiresAt: at(3) },
      { id: 5, daysLeft: 9, expiresAt: at(9) },
    ]);
    expect(t).toEqual({ id: 5, daysLeft: 9, expiresAt: at(9) });
    expect(() => zoneTiming([])).toThrow();
  });
});

describe('notification letter and Burgernet message', () => {
  const zone = {
    members: [{ kind: 'woninginbraak', to: new Date('2025-03-10T20:00:00Z') }],
    daysLeft: 12,
    expiresAt: new Date('2025-03-24T20:00:00Z'),
    radiusMetres: 200,
    wijken: ['Zuid'],
  };
  const options = { municipality: 'Apeldoorn', date: amsterdamEndOfDay(2025, 3, 12) };

  it('states the address-free facts in Dutch', () => {
    const letter = buildNotificationLetter(zone, options);
    expect(letter).toContain('Beste bewoner,');
    expect(letter).toContain('Op 10 maart 2025 is in uw buurt (wijk Zuid) ingebroken in een woning.');
    expect(letter).toContain('Apeldoorn, 12 maart 2025');
    expect(letter).toContain('binnen ongeveer 200 meter in de komende 12 dagen (tot en met 23 maart 2025) verhoogd');
    expect(letter).toMatch(/Tips om inbraak te voorkomen/);
    expect(letter).toContain('Burgernet');
    expect(letter).toContain('112');
    expect(letter).toContain('0900-8844');
    // No other phone numbers than the national ones.
    expect(letter.match(/\d{3,4}-\d{4}/g)).toEqual(['0900-8844']);
  });

  it('summarises several burglaries and attempts with their dates', () => {
    const letter = buildNotificationLetter(
      {
        ...zone,
        members: [
          { kind: 'poging_woninginbraak', to: new Date('2025-03-08T10:00:00Z') },
          { kind: 'woninginbraak', to: new Date('2025-03-10T20:00:00Z') },
          { kind: 'woninginbraak', to: new Date('2025-03-10T21:00:00Z') },
        ],
        wijken: ['Zuid', 'Centrum'],
      },
      options,
    );
    expect(letter).toContain('In uw buurt (wijken Zuid en Centrum) is op 8 maart 2025 en 10 maart 2025 ingebroken of geprobeerd in te breken in woningen (2 inbraken en 1 poging tot inbraak).');
  });

  it('says "geprobeerd" for a single attempt', () => {
    const letter = buildNotificationLetter({ ...zone, members: [{ kind: 'poging_woninginbraak', to: zone.members[0]!.to }] }, options);
    expect(letter).toContain('geprobeerd in te breken in een woning');
  });

  it('writes a short Burgernet message and joins both in the notification text', () => {
    const msg = buildBurgernetMessage(zone, options);
    expect(msg).toMatch(/^Burgernet Apeldoorn: Op 10 maart 2025 is in uw buurt \(wijk Zuid\) ingebroken/);
    expect(msg).toContain('komende 12 dagen verhoogd');
    expect(msg).toContain('Bel direct 112');
    expect(msg.length).toBeLessThan(400);
    const text = buildNotificationText(zone, options);
    expect(text).toContain('Beste bewoner,');
    expect(text).toContain('Burgernet-bericht voor deelnemers binnen 200 m van de inbraak:');
  });

  it('lastRiskDay is the day before the expiry date, never before the letter date', () => {
    expect(lastRiskDay(new Date('2025-03-24T20:00:00Z'), new Date('2025-03-12T00:00:00Z'))).toBe('2025-03-23');
    expect(lastRiskDay(new Date('2025-03-24T20:00:00Z'), new Date('2025-03-24T12:00:00Z'))).toBe('2025-03-24');
  });
});

describe('knoxTest onProgress hook', () => {
  const events = Array.from({ length: 120 }, (_, i) => ({ x: (i * 37) % 500, y: (i * 91) % 700, t: (i * 13) % 60 }));
  const opts = { spatialBreaks: [0, 1, 101, 201, Infinity], temporalBreaks: [0, 7, 14, Infinity], permutations: 99, seed: 3 };

  it('reports progress up to the total and leaves the result unchanged (in thread and with workers)', async () => {
    const plain = knoxTestSync(events, opts);
    const seen: number[] = [];
    const inThread = await knoxTest(events, { ...opts, onProgress: (done, total) => (expect(total).toBe(99), seen.push(done)) });
    expect(inThread).toEqual(plain);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(99);
    expect(seen.length).toBeGreaterThan(10);
    expect([...seen].sort((p, q) => p - q)).toEqual(seen);

    const seenW: number[] = [];
    const withWorkers = await knoxTest(events, { ...opts, workers: 2, onProgress: (done) => seenW.push(done) });
    expect(withWorkers).toEqual(plain);
    expect(seenW.at(-1)).toBe(99);
    expect(seenW.length).toBeGreaterThan(2);
  }, 60_000);
});
