/**
 * A register (server/registers: WhatsApp groups, holiday parks, fire compartments) as an OGC
 * collection, from its declaration: its read permission, paging and bbox in SQL on the RD
 * geometry (server/db/queries/ogc-register-*), any output CRS. Personal data (the declaration's
 * `personal` fields) is selected in SQL only for callers with its contacts permission, as in the
 * register's own list. Properties are flat for GIS clients: nested values (an evacuation plan, a
 * list of visits) arrive as JSON text; line geometries (a group's boundary lines) are left out.
 */
import { assertCan, can, type Caller } from '../auth/caller.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { registerSettings } from '../registers/service.js';
import type { RegisterDeclaration } from '../registers/types.js';
import { clipToNetherlands, DECIMALS, SRID, type ItemsQuery, type OgcCollection, type OgcFeature } from './collection.js';

interface Row {
  id: string;
  name: string;
  attrs: unknown;
  contact: unknown;
  geometry: string;
  demo: boolean;
  version: number;
  updated_at: Date | string;
}

function q(name: string, decl: RegisterDeclaration): string {
  if (!/^[a-z_]+$/.test(decl.table)) throw new Error(`ongeldige registertabel ${decl.table}`);
  return sql(name).replaceAll('@table', decl.table);
}

const obj = (v: unknown): Record<string, unknown> => (v === null || v === undefined ? {} : ((typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>));
const flat = (v: unknown): unknown => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v);

function toFeature(decl: RegisterDeclaration, r: Row, contacts: boolean, settings: Record<string, number | string | boolean>): OgcFeature {
  const personal = new Set(decl.personal);
  const lines = new Set(decl.lines.map((l) => l.key));
  const stored: Record<string, unknown> = { name: r.name, ...obj(r.attrs), ...(contacts ? obj(r.contact) : {}) };
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({ ...stored, ...(decl.derive?.(stored, settings) ?? {}) })) {
    if (lines.has(k) || (!contacts && personal.has(k))) continue;
    props[k] = flat(v);
  }
  props.demo = Boolean(r.demo);
  props.versie = Number(r.version);
  props.gewijzigd = (r.updated_at instanceof Date ? r.updated_at : new Date(r.updated_at)).toISOString();
  return { id: Number(r.id), geometry: JSON.parse(r.geometry) as OgcFeature['geometry'], properties: props };
}

export function registerCollection(decl: RegisterDeclaration, id: string, title: string, description: string): OgcCollection {
  const read = decl.permissions.read;
  return {
    id,
    title,
    description: `${description} Contactgegevens alleen voor rollen die ze mogen zien; geneste gegevens als JSON-tekst.`,
    permission: read,
    geometryType: decl.geometryKinds.includes('Point') && decl.geometryKinds.length === 1 ? 'Point' : 'MultiPolygon',
    async extent(caller: Caller, db: Db) {
      assertCan(caller, read);
      const [r] = await db.query<{ min_x: number | null; min_y: number; max_x: number; max_y: number }>(q('ogc-register-extent', decl), []);
      return { bbox: r && r.min_x !== null ? [Number(r.min_x), Number(r.min_y), Number(r.max_x), Number(r.max_y)] : null };
    },
    async items(caller: Caller, db: Db, qy: ItemsQuery) {
      assertCan(caller, read);
      const bbox = qy.bbox ? clipToNetherlands(qy.bbox) : null;
      if (qy.bbox && !bbox) return { features: [], numberMatched: 0 };
      const box = [bbox?.coords[0] ?? null, bbox?.coords[1] ?? null, bbox?.coords[2] ?? null, bbox?.coords[3] ?? null, bbox ? SRID[bbox.crs] : 28992];
      const contacts = can(caller, decl.permissions.contacts);
      const [rows, [count], settings] = await Promise.all([
        db.query<Row>(q('ogc-register-items', decl), [contacts, ...box, SRID[qy.crs], DECIMALS[qy.crs], qy.limit, qy.offset, null]),
        db.query<{ n: number }>(q('ogc-register-count', decl), box),
        registerSettings(db, decl),
      ]);
      return { features: rows.map((r) => toFeature(decl, r, contacts, settings)), numberMatched: Number(count?.n ?? 0) };
    },
    async item(caller: Caller, db: Db, fid: string, qy) {
      assertCan(caller, read);
      if (!/^\d{1,15}$/.test(fid)) return null;
      const contacts = can(caller, decl.permissions.contacts);
      const rows = await db.query<Row>(q('ogc-register-items', decl), [contacts, null, null, null, null, 28992, SRID[qy.crs], DECIMALS[qy.crs], 1, 0, fid]);
      return rows[0] ? toFeature(decl, rows[0], contacts, await registerSettings(db, decl)) : null;
    },
  };
}
