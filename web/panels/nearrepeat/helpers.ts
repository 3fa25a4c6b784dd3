/**
 * Pure helpers of the near-repeat layer and panel: calendar dates (Europe/Amsterdam, as the API
 * uses), the playback range, the links from originating burglaries to the ones they "explain",
 * and file names for downloads.
 */
import type { BurglaryFeature, ZoneFeature } from '../../api/nearrepeat.js';
import { lastRiskDate } from '../../../server/domain/nearrepeat/last-day.js';
import { nl } from '../../i18n/nl.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string | null | undefined): s is string {
  const m = s ? DATE_RE.exec(s) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Today as YYYY-MM-DD in Europe/Amsterdam. */
export function todayLocal(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function dayNumber(iso: string): number {
  const m = DATE_RE.exec(iso);
  if (!m) throw new Error(`geen datum: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

function fromDayNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(iso: string, n: number): string {
  return fromDayNumber(dayNumber(iso) + n);
}

/** b - a in whole days. */
export function diffDays(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** Positive integer from a URL value, or undefined when missing or invalid. */
export function positiveInt(v: string | null | undefined, max: number): number | undefined {
  if (v === null || v === undefined || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 && n <= max ? n : undefined;
}

/**
 * The playback range: `span` days ending at `anchor` plus the risk window after it, so the
 * zones of the last days can be seen expiring. Returned as [first, last] dates.
 */
export function playbackRange(anchor: string, days: number, span = 60): [string, string] {
  return [addDays(anchor, -(span - 1)), addDays(anchor, Math.max(0, Math.round(days)))];
}

export interface Link {
  fromId: number;
  toId: number;
  from: [number, number];
  to: [number, number];
}

/** One link per (originator, later burglary) pair whose originator is in the collection. */
export function burglaryLinks(burglaries: readonly BurglaryFeature[]): Link[] {
  const byId = new Map<number, BurglaryFeature>();
  for (const b of burglaries) byId.set(b.properties.id, b);
  const out: Link[] = [];
  for (const b of burglaries) {
    for (const o of b.properties.originatorIds ?? []) {
      const src = byId.get(o);
      if (!src || o === b.properties.id) continue;
      out.push({
        fromId: o,
        toId: b.properties.id,
        from: src.geometry.coordinates as [number, number],
        to: b.geometry.coordinates as [number, number],
      });
    }
  }
  return out;
}

/** Ids of burglaries that originate at least one link. */
export function originatorIds(burglaries: readonly BurglaryFeature[]): Set<number> {
  const s = new Set<number>();
  for (const b of burglaries) for (const o of b.properties.originatorIds ?? []) if (o !== b.properties.id) s.add(o);
  return s;
}

/**
 * A gently curved path from a to b (quadratic Bézier, bulging to the left of the direction of
 * travel by `bend` of the length), so links that share end points stay apart and show a direction.
 */
export function curvedPath(a: [number, number], b: [number, number], steps = 16, bend = 0.18): [number, number][] {
  // Work in a locally equirectangular frame so the bulge is round on the map.
  const k = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  const dx = (b[0] - a[0]) * k;
  const dy = b[1] - a[1];
  const cx = (a[0] + b[0]) / 2 + (-dy * bend) / (k || 1);
  const cy = (a[1] + b[1]) / 2 + dx * bend;
  const out: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    out.push([u * u * a[0] + 2 * u * t * cx + t * t * b[0], u * u * a[1] + 2 * u * t * cy + t * t * b[1]]);
  }
  return out;
}

/** True when a member of the zone is a demo incident (its outputs must say so). */
export function zoneIsDemo(zone: ZoneFeature, burglaries: readonly BurglaryFeature[]): boolean {
  const demoIds = new Set(burglaries.filter((b) => b.properties.isDemo).map((b) => b.properties.id));
  return zone.properties.members.some((m) => demoIds.has(m.id));
}

/** Label of a zone in the list (1-based position). */
export function zoneLabel(index: number): string {
  return `Zone ${index + 1}`;
}

export function safeFileName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** The zones sorted for the list: most days left first, then most members. */
export function sortZones(zones: readonly ZoneFeature[]): ZoneFeature[] {
  return [...zones].sort((a, b) => b.properties.daysLeft - a.properties.daysLeft || b.properties.members.length - a.properties.members.length || String(a.properties.id).localeCompare(String(b.properties.id)));
}

/** Parses a break list typed by a user ("0,1,101,201,Inf"); null when invalid. */
export function parseBreakList(text: string): (number | 'Inf')[] | null {
  const parts = text.split(/[,;\s]+/).filter((p) => p !== '');
  if (parts.length < 2) return null;
  const out: (number | 'Inf')[] = [];
  let prev = -Infinity;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (/^(inf|infinity|∞)$/i.test(p)) {
      if (i !== parts.length - 1) return null;
      out.push('Inf');
      continue;
    }
    const n = Number(p.replace(',', '.'));
    if (!Number.isFinite(n) || n < 0 || n <= prev) return null;
    prev = n;
    out.push(n);
  }
  return out;
}

/** "3 d 04:12 u" for a remaining duration; "verlopen" at or below zero. */
export function formatCountdown(ms: number): string {
  if (!(ms > 0)) return 'verlopen';
  const totalMin = Math.floor(ms / 60_000);
  const d = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const m = totalMin % 60;
  const hm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')} u`;
  return d > 0 ? `${d} d ${hm}` : hm;
}

const shortFmt = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', timeZone: 'Europe/Amsterdam' });
const shortTimeFmt = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });
const longFmt = new Intl.DateTimeFormat('nl-NL', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });

/** "12 mei" for an ISO date or instant. */
export function fmtShortDate(iso: string): string {
  return shortFmt.format(new Date(isIsoDate(iso) ? `${iso}T12:00:00Z` : iso));
}

/**
 * "t/m 17 dec": the last date a zone (or burglary) expiring at `expiresAt` is shown, by the same
 * rule as the letter's "tot en met" (server/domain/nearrepeat/last-day.ts).
 */
export function zoneUntil(expiresAt: string): string {
  return nl.nearrepeat.zone.until(fmtShortDate(lastRiskDate(expiresAt)));
}

/** "12 mei 14:30" for an instant. */
export function fmtShortDateTime(iso: string): string {
  return shortTimeFmt.format(new Date(iso));
}

/** "di 12 mei 2025" for a calendar date. */
export function fmtLongDate(iso: string): string {
  return longFmt.format(new Date(`${iso}T12:00:00Z`));
}

/** Pleegperiode "12 mei 14:30 – 13 mei 08:00" (one instant when from = to). */
export function fmtPeriod(from: string, to: string): string {
  return from === to ? fmtShortDateTime(to) : `${fmtShortDateTime(from)} – ${fmtShortDateTime(to)}`;
}

/** Text download through a Blob and a temporary link. */
export function downloadBlob(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Dutch display of the NRC band labels the API keeps for compatibility with the Near Repeat
 * Calculator ("Same location", "1 to 100", "More than 400"); "[0,7)"-style labels pass through.
 */
export function bandLabelNl(label: string): string {
  if (label === 'Same location') return 'Zelfde locatie';
  const range = /^(\S+) to (\S+)$/.exec(label);
  if (range) return `${range[1]} tot ${range[2]}`;
  const more = /^More than (\S+)$/.exec(label);
  if (more) return `Meer dan ${more[1]}`;
  return label;
}
