/**
 * Near repeats: live zones (named queries + pure domain in domain/nearrepeat/zones.ts) and the
 * notification letter per zone. The zones' default radius and duration are the window of the
 * latest stored Knox run (knox.service.ts), unless it is out of date.
 */
import { assertCan, type Caller } from '../auth/caller.js';
import { writeAudit } from './audit.service.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { AppError, NotFoundError } from '../errors.js';
import {
  DEFAULT_ZONE_WINDOW,
  ZONE_DAYS_MAX,
  ZONE_DAYS_MIN,
  ZONE_RADIUS_MAX,
  ZONE_RADIUS_MIN,
  type ZonesQuery,
  type ZonesResponse,
} from '../contract/nearrepeat.js';
import { BURGLARY_KINDS, type IncidentKind } from '../domain/incidents/kinds.js';
import { DAY_MS } from '../domain/hotspots/time.js';
import { amsterdamEndOfDay, localDate, parseLocalDate } from '../domain/incidents/time.js';
import { nearRepeatView, zoneTiming, type ZoneBurglary } from '../domain/nearrepeat/zones.js';
import { buildNotificationText } from '../domain/nearrepeat/letter.js';
import { gemeente } from './gemeente.service.js';
import { latestKnoxWindow } from './knox.service.js';
import { demoFileName } from '../domain/incidents/demo-mark.js';
import { groupAreas, groupsCovering, type AreaGroups } from './group-areas.js';

// ------------------------------------------------------------------------------------------------
// Dates
// ------------------------------------------------------------------------------------------------

/** Reference instant of a date: its last millisecond in Europe/Amsterdam. */
function referenceInstant(date: string): Date {
  return amsterdamEndOfDay(...parseLocalDate(date));
}

// ------------------------------------------------------------------------------------------------
// Default window (latest Knox run)
// ------------------------------------------------------------------------------------------------

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export interface DefaultWindow {
  radius: number;
  days: number;
  source: 'knox' | 'default';
  knoxRunId: number | null;
  /** The latest run was computed on other incident data: it no longer sets the default. */
  knoxStale: boolean;
}

/**
 * The zones' default window: that of the latest Knox run (clamped to the allowed ranges), or
 * 200 m / 14 days when no run is stored, the latest run found no significant window, or the
 * latest run is out of date (computed on another incident data version).
 */
async function defaultWindow(db: Db): Promise<DefaultWindow> {
  const run = await latestKnoxWindow(db);
  const knoxStale = run?.stale ?? false;
  if (run && !knoxStale && run.radius !== null && run.days !== null) {
    return {
      radius: clamp(run.radius, ZONE_RADIUS_MIN, ZONE_RADIUS_MAX),
      days: clamp(run.days, ZONE_DAYS_MIN, ZONE_DAYS_MAX),
      source: 'knox',
      knoxRunId: run.runId,
      knoxStale,
    };
  }
  return { ...DEFAULT_ZONE_WINDOW, source: 'default', knoxRunId: run ? run.runId : null, knoxStale };
}

// ------------------------------------------------------------------------------------------------
// Zones
// ------------------------------------------------------------------------------------------------

interface BurglaryRow {
  id: number;
  source_id: string;
  kind: IncidentKind;
  time_from: Date | string;
  time_to: Date | string;
  x: number;
  y: number;
  lon: number;
  lat: number;
  is_demo: boolean;
}
type Burglary = ZoneBurglary & { kind: IncidentKind; lon: number; lat: number; isDemo: boolean };

interface ZoneRow {
  id: number;
  member_ids: number[];
  geometry: string;
  geometry_rd: string;
  area_m2: number;
  dwellings: number | null;
  inhabitants: number | null;
  wijken: string;
}

const iso = (d: Date): string => d.toISOString();
const round = (v: number | null): number | null => (v === null ? null : Math.round(Number(v)));

/** Live zones with their member burglaries (analists); the view is audited. */
export async function computeZones(caller: Caller, db: Db, q: ZonesQuery): Promise<ZonesResponse> {
  assertCan(caller, 'nearrepeat:zones');
  const res = await zonesOf(db, q);
  await writeAudit(db, caller, { action: 'view', table: 'nearrepeat_zone', after: { ...res.meta, zones: res.zones.features.length } });
  return res;
}

async function zonesOf(db: Db, q: ZonesQuery): Promise<ZonesResponse> {
  const date = q.date ?? localDate(new Date());
  const kinds = q.kinds ?? [...BURGLARY_KINDS];
  const defaults = await defaultWindow(db);
  const radius = q.radius ?? defaults.radius;
  const days = q.days ?? defaults.days;
  const ref = referenceInstant(date);

  // Candidates: active burglaries (age < D) and their originators (up to D earlier still).
  const lower = new Date(ref.getTime() - 2 * days * DAY_MS);
  const rows = await db.query<BurglaryRow>(sql('nearrepeat-burglaries'), [kinds, lower.toISOString(), ref.toISOString()]);
  const burglaries: Burglary[] = rows.map((r) => ({
    id: Number(r.id),
    sourceId: r.source_id,
    kind: r.kind,
    from: new Date(r.time_from),
    to: new Date(r.time_to),
    x: Number(r.x),
    y: Number(r.y),
    lon: Number(r.lon),
    lat: Number(r.lat),
    isDemo: Boolean(r.is_demo),
  }));
  const view = nearRepeatView(burglaries, ref, { radiusMetres: radius, days });
  const activeById = new Map(view.active.map((b) => [b.id, b]));

  const zoneRows = view.active.length === 0 ? [] : await db.query<ZoneRow>(sql('nearrepeat-zones'), [view.active.map((b) => b.id), radius]);
  // WhatsApp coverage of each zone (group areas are public: the groups register's read permission is aggregates:read).
  const covering: Map<string, AreaGroups> = zoneRows.length === 0 ? new Map() : groupsCovering(zoneRows.map((z) => ({ id: String(Number(z.id)), geometry: JSON.parse(z.geometry_rd) })), await groupAreas(db));
  const zones = zoneRows.map((z) => {
    const members = z.member_ids.map((id) => activeById.get(Number(id))!).sort((a, b) => a.to.getTime() - b.to.getTime() || a.id - b.id);
    const timing = zoneTiming(members);
    const wijken = (JSON.parse(z.wijken) as { code: string; name: string; areaM2: number }[]).map((w) => ({ ...w, areaM2: Math.round(Number(w.areaM2)) }));
    return {
      type: 'Feature' as const,
      id: timing.id,
      geometry: JSON.parse(z.geometry),
      properties: {
        id: timing.id,
        members: members.map((m) => ({ id: m.id, sourceId: m.sourceId, kind: m.kind, from: iso(m.from), to: iso(m.to), daysLeft: m.daysLeft, expiresAt: iso(m.expiresAt) })),
        daysLeft: timing.daysLeft,
        expiresAt: iso(timing.expiresAt),
        areaM2: Math.round(Number(z.area_m2)),
        dwellings: round(z.dwellings),
        inhabitants: round(z.inhabitants),
        method: 'area-weighted-wijk' as const,
        whatsappCovered: covering.get(String(Number(z.id)))?.covered ?? null,
        whatsappGroups: covering.get(String(Number(z.id)))?.groups ?? [],
        wijken,
      },
    };
  });

  return {
    meta: {
      date,
      radius,
      days,
      source: defaults.source,
      activeCount: view.active.length,
      defaults: { radius: defaults.radius, days: defaults.days },
      knoxRunId: defaults.knoxRunId,
      knoxStale: defaults.knoxStale,
      demo: view.shown.some((b) => b.isDemo),
      kinds,
      referenceTime: iso(ref),
      eventTime: 'to',
    },
    zones: { type: 'FeatureCollection', features: zones },
    burglaries: {
      type: 'FeatureCollection',
      features: view.shown.map((b) => ({
        type: 'Feature' as const,
        id: b.id,
        geometry: { type: 'Point' as const, coordinates: [Math.round(b.lon * 1e6) / 1e6, Math.round(b.lat * 1e6) / 1e6] },
        properties: {
          id: b.id,
          sourceId: b.sourceId,
          kind: b.kind,
          from: iso(b.from),
          to: iso(b.to),
          active: b.active,
          daysLeft: b.daysLeft,
          expiresAt: iso(b.expiresAt),
          originatorIds: b.originatorIds,
          explainsIds: b.explainsIds,
          isDemo: b.isDemo,
        },
      })),
    },
  };
}

export interface ZoneLetter {
  text: string;
  /** Made from demo incidents (the text says so; the file name starts with demo-). */
  demo: boolean;
  fileName: string;
}

/** The Dutch letter (and Burgernet message) for one zone of computeZones(q). */
export async function zoneLetter(caller: Caller, db: Db, id: number, q: ZonesQuery): Promise<ZoneLetter> {
  assertCan(caller, 'nearrepeat:letters');
  const res = await zonesOf(db, q);
  const zone = res.zones.features.find((f) => f.id === id);
  if (!zone) {
    throw new NotFoundError(
      `Zone ${id} bestaat niet op ${res.meta.date} (straal ${res.meta.radius} m, ${res.meta.days} dagen). ` +
        'Een zone heet naar de kleinste inbraak-id erin; vraag de zones opnieuw op met dezelfde instellingen.',
    );
  }
  // Without a gemeente in the database (503 from gemeente()) the letter is signed as Apeldoorn.
  const municipality = await gemeente(db).then(
    (gm) => gm.name,
    (err: unknown) => {
      if (err instanceof AppError && err.status === 503) return 'Apeldoorn';
      throw err;
    },
  );
  const p = zone.properties;
  await writeAudit(db, caller, { action: 'export', table: 'nearrepeat_zone', recordId: id, after: { date: res.meta.date, radius: res.meta.radius, days: res.meta.days, letter: true } });
  const demoIds = new Set(res.burglaries.features.filter((b) => b.properties.isDemo).map((b) => b.id));
  const demo = p.members.some((m) => demoIds.has(m.id));
  const text = buildNotificationText(
    {
      members: p.members.map((m) => ({ kind: m.kind, to: new Date(m.to) })),
      daysLeft: p.daysLeft,
      expiresAt: new Date(p.expiresAt),
      radiusMetres: res.meta.radius,
      wijken: p.wijken.map((w) => w.name),
    },
    { municipality, date: new Date(res.meta.referenceTime), burgernetRadiusMetres: 200, demo },
  );
  return { text, demo, fileName: demoFileName(`brief-zone-${id}-${res.meta.date}.txt`, demo) };
}

