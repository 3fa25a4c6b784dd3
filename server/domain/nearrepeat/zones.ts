/**
 * Live near-repeat zones (pure, no I/O): which burglaries are "active" at a reference instant,
 * how many days their raised-risk window has left, and which earlier burglaries "explain" later
 * ones as near repeats. Merging overlapping zones and counting the dwellings inside is done in
 * PostGIS (server/db/queries/nearrepeat-zones.sql).
 *
 * Event time: the END of the pleegperiode (`to`). A burglary is usually discovered when the
 * residents come home, and the police, the municipality and the neighbours can only act from
 * then; taking the end also means a long window (a holiday burglary) never starts a zone in the
 * past. (The midpoint is the aoristic estimate of the moment of the crime, but it would make a
 * burglary discovered today look days old.) The Knox job uses the same event time, so its window
 * and the zones measure time the same way.
 *
 * With window D days and radius R metres (one rule, last-day.ts):
 * - expiresAt = the same Europe/Amsterdam wall-clock time D calendar days after the event time;
 *   a burglary is active when eventTime <= ref < expiresAt (right-open, like the Knox bands);
 * - daysLeft = the calendar dates from ref's date through the last risk date (the day before
 *   the expiry's date), both included, for an active one;
 * - a later burglary B is explained by an earlier one A (A is an "originator" of B) when both are
 *   at or before ref, the distance is < R (Euclidean, RD metres) and tA <= tB < expiresAt(A).
 *   "Earlier" is by event time, ties broken by the smaller id.
 *
 * The API's reference instant for a calendar date is the last millisecond of that day in
 * Europe/Amsterdam, i.e. the situation at the end of that day: a burglary is then active on D
 * consecutive calendar dates starting with the date of its event time, also across a DST change,
 * and daysLeft counts them down from D to 1.
 */

import { DAY_MS } from '../hotspots/time.js';
import { riskDaysLeft, riskExpiry } from './last-day.js';

/** A burglary as the zones see it: RD New metres and the pleegperiode [from, to]. */
export interface ZoneBurglary {
  id: number;
  sourceId: string;
  kind: string;
  from: Date;
  to: Date;
  x: number;
  y: number;
}

export interface ZoneWindow {
  /** Zone radius R in metres. */
  radiusMetres: number;
  /** Risk window D in days. */
  days: number;
}

/** The event time of a burglary (see module comment): the end of the pleegperiode. */
export function eventTime(b: Pick<ZoneBurglary, 'to'>): Date {
  return b.to;
}

export interface BurglaryStatus {
  /** (ref - eventTime) in days; negative when the burglary lies after ref. */
  ageDays: number;
  active: boolean;
  /** Calendar dates left (ref's date included), 1..D, for an active burglary; null otherwise. */
  daysLeft: number | null;
  /** eventTime + D calendar days (Europe/Amsterdam), see last-day.ts. */
  expiresAt: Date;
}

/** Status of one burglary at instant ref with a window of `days`. */
export function burglaryStatus(b: Pick<ZoneBurglary, 'to'>, ref: Date, days: number): BurglaryStatus {
  const t = eventTime(b).getTime();
  const ageDays = (ref.getTime() - t) / DAY_MS;
  const expiresAt = riskExpiry(eventTime(b), days);
  const active = ref.getTime() >= t && ref.getTime() < expiresAt.getTime();
  return { ageDays, active, daysLeft: active ? Math.max(1, riskDaysLeft(ref, expiresAt)) : null, expiresAt };
}

export type ActiveBurglary<B extends ZoneBurglary = ZoneBurglary> = B & { daysLeft: number; expiresAt: Date };

/** The burglaries active at ref, in event-time order (ties by id). */
export function activeBurglaries<B extends ZoneBurglary>(burglaries: readonly B[], ref: Date, days: number): ActiveBurglary<B>[] {
  const out: ActiveBurglary<B>[] = [];
  for (const b of sortByEventTime(burglaries)) {
    const s = burglaryStatus(b, ref, days);
    if (s.active) out.push({ ...b, daysLeft: s.daysLeft!, expiresAt: s.expiresAt });
  }
  return out;
}

function sortByEventTime<B extends ZoneBurglary>(burglaries: readonly B[]): B[] {
  return [...burglaries].sort((a, b) => eventTime(a).getTime() - eventTime(b).getTime() || a.id - b.id);
}

export interface ExplainLink {
  /** The earlier burglary (originator). */
  originatorId: number;
  /** The later burglary it explains. */
  laterId: number;
  distanceMetres: number;
  lagDays: number;
}

/**
 * Near-repeat links among the burglaries at or before ref: every pair (A earlier, B later) with
 * distance < R and B's event time before A's risk expiry. Sorted by the later burglary, then the
 * originator.
 */
export function explainLinks(burglaries: readonly ZoneBurglary[], ref: Date, window: ZoneWindow): ExplainLink[] {
  const r = ref.getTime();
  const sorted = sortByEventTime(burglaries.filter((b) => eventTime(b).getTime() <= r));
  const links: ExplainLink[] = [];
  const expiry = sorted.map((a) => riskExpiry(eventTime(a), window.days).getTime());
  // Sweep: for each B, look back over the earlier burglaries while B lies in their risk window
  // (expiries grow with the event time, so the first one B is past ends the sweep).
  for (let j = 0; j < sorted.length; j++) {
    const b = sorted[j]!;
    const tb = eventTime(b).getTime();
    for (let i = j - 1; i >= 0; i--) {
      const a = sorted[i]!;
      const lag = tb - eventTime(a).getTime();
      if (tb >= expiry[i]!) break;
      const d = Math.hypot(b.x - a.x, b.y - a.y);
      if (d < window.radiusMetres) links.push({ originatorId: a.id, laterId: b.id, distanceMetres: d, lagDays: lag / DAY_MS });
    }
  }
  return links.sort((p, q) => p.laterId - q.laterId || p.originatorId - q.originatorId);
}

export type ShownBurglary<B extends ZoneBurglary = ZoneBurglary> = B & {
  active: boolean;
  daysLeft: number | null;
  expiresAt: Date;
  /** Earlier burglaries that explain this one as a near repeat. */
  originatorIds: number[];
  /** Later burglaries (at or before ref) this one explains. */
  explainsIds: number[];
};

export interface NearRepeatView<B extends ZoneBurglary = ZoneBurglary> {
  /** Burglaries active at ref (they get zones). */
  active: ActiveBurglary<B>[];
  /**
   * What the map shows: the active burglaries plus the (possibly expired) originators of active
   * ones, so every link from an originator to a later burglary it explains can be drawn. (A later
   * burglary explained by an active one is itself active: it is younger.)
   */
  shown: ShownBurglary<B>[];
  links: ExplainLink[];
}

/** Active burglaries, their links and what the map shows, at ref. */
export function nearRepeatView<B extends ZoneBurglary>(burglaries: readonly B[], ref: Date, window: ZoneWindow): NearRepeatView<B> {
  const active = activeBurglaries(burglaries, ref, window.days);
  const links = explainLinks(burglaries, ref, window);
  const originators = new Map<number, number[]>();
  const explains = new Map<number, number[]>();
  for (const l of links) {
    (originators.get(l.laterId) ?? originators.set(l.laterId, []).get(l.laterId)!).push(l.originatorId);
    (explains.get(l.originatorId) ?? explains.set(l.originatorId, []).get(l.originatorId)!).push(l.laterId);
  }
  const activeIds = new Set(active.map((b) => b.id));
  const shownIds = new Set(activeIds);
  for (const id of activeIds) for (const o of originators.get(id) ?? []) shownIds.add(o);
  const shown: ShownBurglary<B>[] = [];
  for (const b of sortByEventTime(burglaries)) {
    if (!shownIds.has(b.id)) continue;
    const s = burglaryStatus(b, ref, window.days);
    shown.push({
      ...b,
      active: s.active,
      daysLeft: s.daysLeft,
      expiresAt: s.expiresAt,
      originatorIds: [...(originators.get(b.id) ?? [])].sort((p, q) => p - q),
      explainsIds: [...(explains.get(b.id) ?? [])].sort((p, q) => p - q),
    });
  }
  return { active, shown, links };
}

export interface ZoneTiming {
  /** Stable zone id: the smallest member incident id. */
  id: number;
  /** Days left of the zone: the maximum over its members. */
  daysLeft: number;
  /** When the zone disappears: the latest member expiry. */
  expiresAt: Date;
}

/** Id, days left and expiry of a zone from its active members (at least one). */
export function zoneTiming(members: readonly { id: number; daysLeft: number; expiresAt: Date }[]): ZoneTiming {
  if (members.length === 0) throw new Error('Een zone heeft minstens één inbraak.');
  let id = Infinity;
  let daysLeft = 0;
  let expires = -Infinity;
  for (const m of members) {
    id = Math.min(id, m.id);
    daysLeft = Math.max(daysLeft, m.daysLeft);
    expires = Math.max(expires, m.expiresAt.getTime());
  }
  return { id, daysLeft, expiresAt: new Date(expires) };
}
