/**
 * One rule for the end of a near-repeat zone, shared by the zones, the letter and the web app:
 * a burglary raises the risk for D calendar days in Europe/Amsterdam, counting the date of its
 * event time; the zone says "t/m <last date>" and the letter "tot en met <last date>".
 */
import { describe, expect, it } from 'vitest';
import { lastRiskDate, riskDaysLeft, riskExpiry } from '../../../server/domain/nearrepeat/last-day.js';
import { burglaryStatus, type ZoneBurglary } from '../../../server/domain/nearrepeat/zones.js';
import { buildNotificationLetter } from '../../../server/domain/nearrepeat/letter.js';
import { amsterdamEndOfDay, amsterdamToUtc, localDate } from '../../../server/domain/incidents/time.js';
import { fmtShortDate, zoneUntil } from '../../../web/panels/nearrepeat/helpers.js';

function burglary(to: Date): ZoneBurglary {
  return { id: 1, sourceId: 'S1', kind: 'woninginbraak', from: new Date(to.getTime() - 3_600_000), to, x: 0, y: 0 };
}

/** The dates (YYYY-MM-DD) on which the burglary is active with the API's end-of-day reference. */
function activeDates(to: Date, days: number, from: [number, number, number], count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const ref = amsterdamEndOfDay(from[0], from[1], from[2] + i);
    if (burglaryStatus(burglary(to), ref, days).active) out.push(localDate(ref));
  }
  return out;
}

describe('zone end: one rule in Europe/Amsterdam', () => {
  it('a burglary at 23:00 on 4 December with 14 days: zone and letter both end on 17 December', () => {
    const to = amsterdamToUtc(2026, 12, 4, 23);
    const expiresAt = riskExpiry(to, 14);
    expect(expiresAt.toISOString()).toBe('2026-12-18T22:00:00.000Z'); // 18 Dec 23:00 local
    expect(lastRiskDate(expiresAt)).toBe('2026-12-17');
    // The web's "t/m" label and the letter say the same day.
    expect(zoneUntil(expiresAt.toISOString())).toBe('t/m 17 dec');
    expect(zoneUntil(expiresAt.toISOString())).toBe(`t/m ${fmtShortDate('2026-12-17')}`);
    const letter = buildNotificationLetter(
      { members: [{ kind: 'woninginbraak', to }], daysLeft: 14, expiresAt, radiusMetres: 200, wijken: ['Centrum'] },
      { municipality: 'Apeldoorn', date: amsterdamEndOfDay(2026, 12, 4) },
    );
    expect(letter).toContain('in de komende 14 dagen (tot en met 17 december 2026)');
    // And the zone is shown on exactly those dates.
    const dates = activeDates(to, 14, [2026, 12, 1], 25);
    expect(dates[0]).toBe('2026-12-04');
    expect(dates.at(-1)).toBe('2026-12-17');
    expect(dates).toHaveLength(14);
  });

  it('the 12 December case: 26 December at 00:30 ends t/m 25 December in the web and the letter', () => {
    const to = amsterdamToUtc(2026, 12, 12, 0, 30);
    const expiresAt = riskExpiry(to, 14);
    expect(lastRiskDate(expiresAt)).toBe('2026-12-25');
    expect(zoneUntil(expiresAt.toISOString())).toBe('t/m 25 dec');
    const letter = buildNotificationLetter(
      { members: [{ kind: 'woninginbraak', to }], daysLeft: 14, expiresAt, radiusMetres: 200, wijken: [] },
      { municipality: 'Apeldoorn', date: amsterdamEndOfDay(2026, 12, 12) },
    );
    expect(letter).toContain('(tot en met 25 december 2026)');
  });

  it('spring forward (29 March 2026): still exactly D dates, days left D..1 without a jump', () => {
    for (const hour of [0, 1, 12, 23]) {
      const to = amsterdamToUtc(2026, 3, 22, hour, 30);
      const expiresAt = riskExpiry(to, 14);
      expect(lastRiskDate(expiresAt)).toBe('2026-04-04');
      const dates = activeDates(to, 14, [2026, 3, 20], 25);
      expect(dates).toHaveLength(14);
      expect(dates[0]).toBe('2026-03-22');
      expect(dates.at(-1)).toBe('2026-04-04');
      const left = dates.map((d) => {
        const [y, m, dd] = d.split('-').map(Number);
        return burglaryStatus(burglary(to), amsterdamEndOfDay(y!, m!, dd!), 14).daysLeft;
      });
      expect(left).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    }
  });

  it('fall back (25 October 2026): still exactly D dates, days left D..1 without a jump', () => {
    for (const hour of [0, 1, 12, 23]) {
      const to = amsterdamToUtc(2026, 10, 20, hour, 30);
      const expiresAt = riskExpiry(to, 14);
      expect(lastRiskDate(expiresAt)).toBe('2026-11-02');
      const dates = activeDates(to, 14, [2026, 10, 18], 25);
      expect(dates).toHaveLength(14);
      expect(dates.at(-1)).toBe('2026-11-02');
      expect(riskDaysLeft(amsterdamEndOfDay(2026, 10, 24), expiresAt)).toBe(10);
      expect(riskDaysLeft(amsterdamEndOfDay(2026, 10, 25), expiresAt)).toBe(9);
      expect(zoneUntil(expiresAt.toISOString())).toBe('t/m 2 nov');
    }
  });

  it('an event on the night of the change itself keeps its wall-clock time D days later', () => {
    // 02:30 on 25 October 2026 occurs twice; 01:30 on 29 March exists. Expiry = same local time.
    const autumn = amsterdamToUtc(2026, 10, 25, 2, 30);
    expect(localDate(riskExpiry(autumn, 7))).toBe('2026-11-01');
    expect(lastRiskDate(riskExpiry(autumn, 7))).toBe('2026-10-31');
    const spring = amsterdamToUtc(2026, 3, 29, 1, 30);
    expect(lastRiskDate(riskExpiry(spring, 1))).toBe('2026-03-29');
  });
});
