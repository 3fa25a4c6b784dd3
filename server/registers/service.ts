/**
 * The generic register engine: list (bbox/district filters), get, create, update with an optimistic
 * version check, delete, history, import (replacing demo records) and demo seeding, for any
 * RegisterDeclaration. The caller comes first: permissions are asserted here, personal data is
 * left out IN SQL for callers without the declaration's contacts permission, and every change
 * writes its audit row (writeAudit) in the same transaction, so both commit or neither does.
 */
import type { z } from 'zod';
import { assertCan, can, type Caller } from '../auth/caller.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { AppError, ForbiddenError, NotFoundError } from '../errors.js';
import { writeAudit } from '../services/audit.service.js';
import type { AnyGeometry } from './geometry.js';
import type { RegisterDeclaration } from './types.js';
import { isVisible, viewerOf } from './viewer.js';

export interface RegisterFeature {
  type: 'Feature';
  id: number;
  geometry: unknown;
  properties: Record<string, unknown>;
}

export interface RegisterCollection {
  type: 'FeatureCollection';
  features: RegisterFeature[];
  meta: { register: string; count: number; demoCount: number; demo: boolean; contacts: boolean };
  warning?: string;
}

/** Input of a create or a full replacement: WGS84 GeoJSON geometry and validated properties. */
export interface RecordInput {
  geometry: AnyGeometry;
  properties: Record<string, unknown>;
}

/** The properties every answer adds (read-only: ignored when a client sends them back). */
export const META_KEYS = ['version', 'demo', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy'] as const;

/** 409: the record was changed by someone else since the caller read it. */
export class VersionConflictError extends AppError {
  constructor(label: string, current: number, sent: number) {
    super(
      409,
      'Gewijzigd door een ander',
      `Dit ${label} is intussen gewijzigd (u stuurde versie ${sent}, de huidige is versie ${current}). Laad het opnieuw en breng uw wijziging daarna opnieuw aan.`,
      { currentVersion: current },
      '/problems/versieconflict',
    );
  }
}

/** 422: a geometry of the wrong kind or an invalid one. */
export class GeometryError extends AppError {
  constructor(detail: string) {
    super(422, 'Ongeldige geometrie', detail, {}, '/problems/ongeldige-geometrie');
  }
}

/** A named query for one register: `@table` is the declaration's table (code, never input). */
export function q(name: string, decl: RegisterDeclaration): string {
  if (!/^[a-z_]+$/.test(decl.table)) throw new Error(`ongeldige registertabel ${decl.table}`);
  return sql(name).replaceAll('@table', decl.table);
}

/** Derived keys of a declaration (e.g. a park's sizeClass): read-only like META_KEYS. */
export function derivedKeys(decl: RegisterDeclaration): string[] {
  return decl.derive ? Object.keys(decl.derive({}, decl.settings ?? {})) : [];
}

export async function registerSettings(db: Db, decl: RegisterDeclaration): Promise<Record<string, number | string | boolean>> {
  const [row] = await db.query<{ value: unknown }>(sql('register-setting'), [`register:${decl.name}`]);
  const stored = row ? ((typeof row.value === 'string' ? JSON.parse(row.value) : row.value) as Record<string, number | string | boolean>) : {};
  return { ...(decl.settings ?? {}), ...stored };
}

interface Row {
  id: string;
  name: string;
  attrs: unknown;
  contact: unknown;
  geometry: string;
  wkt: string | null;
  wkb_rd: string | null;
  envelope_rd: number[] | null;
  lines: unknown;
  version: number;
  demo: boolean;
  created_at: Date | string;
  updated_at: Date | string;
  created_by: string | null;
  updated_by: string | null;
}

const parse = (v: unknown): Record<string, unknown> | null => (v === null || v === undefined ? null : ((typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>));
const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** The stored properties of a row (name, attrs, personal fields when selected, lines). */
function storedProperties(decl: RegisterDeclaration, r: Row): Record<string, unknown> {
  const lines = parse(r.lines) ?? {};
  const props: Record<string, unknown> = { name: r.name, ...(parse(r.attrs) ?? {}) };
  const contact = parse(r.contact);
  if (contact) Object.assign(props, contact);
  for (const l of decl.lines) props[l.key] = lines[l.key] ?? null;
  return props;
}

/** What a file export needs besides the feature: WKT in WGS84 (CSV), WKB and envelope [minX, maxX, minY, maxY] in RD New (GeoPackage). */
export interface ExportGeometry {
  wkt: string | null;
  wkbRd: string | null;
  envelopeRd: number[] | null;
}

function toFeature(decl: RegisterDeclaration, r: Row, settings: Record<string, number | string | boolean>): RegisterFeature & { file: ExportGeometry } {
  const props = storedProperties(decl, r);
  const meta: Record<string, unknown> = { version: Number(r.version), demo: Boolean(r.demo), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) };
  if (r.created_by !== null) meta.createdBy = r.created_by;
  if (r.updated_by !== null) meta.updatedBy = r.updated_by;
  return { type: 'Feature', id: Number(r.id), geometry: JSON.parse(r.geometry) as unknown, properties: { ...props, ...(decl.derive?.(props, settings) ?? {}), ...meta }, file: { wkt: r.wkt, wkbRd: r.wkb_rd, envelopeRd: r.envelope_rd ? r.envelope_rd.map(Number) : null } };
}

export interface ListQuery {
  bbox?: [number, number, number, number] | undefined;
  district?: string | undefined;
  /** Also the export geometries (WKT for CSV, RD WKB for GeoPackage) of every record. */
  wkt?: boolean;
  /** The declaration's own filters (`decl.filters.query`), already validated. */
  extra?: Record<string, unknown>;
}

/**
 * Where RD New is defined, with a margin (EPSG:28992 area of use: 3.2-7.22 E, 50.75-53.7 N):
 * register geometries must lie inside, and a bbox is clipped to it before it is transformed.
 */
export const RD_AREA_WGS84 = [2.5, 50.0, 8.0, 54.5] as const;

async function rows(db: Db, decl: RegisterDeclaration, contacts: boolean, qy: ListQuery, id: number | null): Promise<Row[]> {
  let b: (number | null)[] = [null, null, null, null];
  if (qy.bbox) {
    const [x0, y0, x1, y1] = qy.bbox;
    const [ax0, ay0, ax1, ay1] = RD_AREA_WGS84;
    if (x1 < ax0 || x0 > ax1 || y1 < ay0 || y0 > ay1) return []; // no register geometry lies there
    b = [Math.max(x0, ax0), Math.max(y0, ay0), Math.min(x1, ax1), Math.min(y1, ay1)];
  }
  return db.query<Row>(q('register-list', decl), [contacts, b[0], b[1], b[2], b[3], qy.district ?? null, qy.wkt ?? false, decl.table, id]);
}

export const REGISTER_DEMO_WARNING = 'DEMO — fictieve gegevens: deze registergegevens zijn gegenereerd voor demonstratie, geen echte groepen, parken of compartimenten. Een import van het register vervangt ze.';

/** The register's records as a WGS84 FeatureCollection; personal data only with the contacts permission. */
export async function listRecords(caller: Caller, db: Db, decl: RegisterDeclaration, qy: ListQuery = {}): Promise<RegisterCollection & { files: ExportGeometry[] }> {
  assertCan(caller, decl.permissions.read);
  const contacts = can(caller, decl.permissions.contacts);
  if (qy.district) {
    const [d] = await db.query<{ found: boolean }>(sql('register-district-exists'), [qy.district]);
    if (!d?.found) throw new NotFoundError(`Gebied ${qy.district} bestaat niet.`);
  }
  const settings = await registerSettings(db, decl);
  const viewer = decl.visible ? await viewerOf(caller, db, decl) : null;
  const feats = (await rows(db, decl, contacts, qy, null))
    .map((r) => toFeature(decl, r, settings))
    .filter((f) => (!viewer || isVisible(decl, viewer, f.properties)) && (!decl.filters || !qy.extra || decl.filters.match(f.properties, qy.extra)));
  const demoCount = feats.filter((f) => f.properties.demo).length;
  return {
    type: 'FeatureCollection',
    features: feats.map(({ file: _f, ...f }) => f),
    meta: { register: decl.name, count: feats.length, demoCount, demo: feats.length > 0 && demoCount === feats.length, contacts },
    ...(demoCount > 0 ? { warning: REGISTER_DEMO_WARNING } : {}),
    files: feats.map((f) => f.file),
  };
}

async function readOne(db: Db, decl: RegisterDeclaration, contacts: boolean, id: number): Promise<RegisterFeature | null> {
  const [r] = await rows(db, decl, contacts, {}, id);
  if (!r) return null;
  const { file: _f, ...f } = toFeature(decl, r, await registerSettings(db, decl));
  return f;
}

function notFound(decl: RegisterDeclaration, id: number): NotFoundError {
  return new NotFoundError(`Er is geen ${decl.label.singular} met id ${id}.`);
}

export async function getRecord(caller: Caller, db: Db, decl: RegisterDeclaration, id: number): Promise<RegisterFeature> {
  assertCan(caller, decl.permissions.read);
  const f = await readOne(db, decl, can(caller, decl.permissions.contacts), id);
  if (!f || (decl.visible && !isVisible(decl, await viewerOf(caller, db, decl), f.properties))) throw notFound(decl, id);
  return f;
}

/** Kind against the declaration, then validity by PostGIS; both 422 with a Dutch detail. */
async function checkGeometry(db: Db, decl: RegisterDeclaration, g: AnyGeometry): Promise<void> {
  if (!(decl.geometryKinds as readonly string[]).includes(g.type)) {
    throw new GeometryError(`De geometrie van ${decl.label.withArticle} is ${decl.geometryText}, geen ${g.type}.`);
  }
  const [ax0, ay0, ax1, ay1] = RD_AREA_WGS84;
  const outside = (c: unknown): boolean =>
    Array.isArray(c) && typeof c[0] === 'number' ? (c[0] as number) < ax0 || (c[0] as number) > ax1 || (c[1] as number) < ay0 || (c[1] as number) > ay1 : Array.isArray(c) && c.some(outside);
  if (outside(g.coordinates)) throw new GeometryError(`De geometrie ligt (deels) buiten Nederland (lengtegraad ${ax0}-${ax1}, breedtegraad ${ay0}-${ay1}); geef coördinaten in WGS84 als lengtegraad, breedtegraad.`);
  let res: { valid: boolean; reason: string } | undefined;
  try {
    [res] = await db.query<{ valid: boolean; reason: string }>(sql('register-geom-check'), [JSON.stringify(g)]);
  } catch {
    throw new GeometryError('De geometrie kon niet worden gelezen (bijvoorbeeld een ring die niet gesloten is).');
  }
  if (!res?.valid) throw new GeometryError(`De geometrie is ongeldig: ${res?.reason ?? 'onbekende reden'}. Controleer of de rand zichzelf niet snijdt.`);
}

/** Splits validated properties into the stored parts. */
function split(decl: RegisterDeclaration, props: Record<string, unknown>) {
  const lineKeys = new Set(decl.lines.map((l) => l.key));
  const personal = new Set(decl.personal);
  const attrs: Record<string, unknown> = {};
  const contact: Record<string, unknown> = {};
  const lines: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (k === 'name' || v === undefined) continue;
    if (personal.has(k)) contact[k] = v;
    else if (lineKeys.has(k)) lines[k] = v;
    else attrs[k] = v;
  }
  return { name: String(props.name), attrs, contact: Object.values(contact).some((v) => v !== null) ? contact : null, lines };
}

function assertNoPersonal(caller: Caller, decl: RegisterDeclaration, props: Record<string, unknown>): void {
  if (can(caller, decl.permissions.contacts)) return;
  const sent = decl.personal.filter((k) => props[k] !== undefined);
  if (sent.length) throw new ForbiddenError(`Uw rol mag geen contactgegevens (${sent.join(', ')}) invoeren of wijzigen.`);
}

async function writeLines(tx: Db, decl: RegisterDeclaration, id: number, lines: Record<string, unknown>, srid: number): Promise<void> {
  for (const [key, g] of Object.entries(lines)) {
    if (g === null) await tx.query(sql('register-lines-delete'), [decl.table, id, [key]]);
    else await tx.query(sql('register-lines-upsert'), [decl.table, JSON.stringify(g), srid, id, key]);
  }
}

export async function insert(tx: Db, caller: Caller, decl: RegisterDeclaration, input: RecordInput, demo: boolean, srid: number): Promise<number> {
  const s = split(decl, input.properties);
  const [row] = await tx.query<{ id: string }>(q('register-insert', decl), [s.name, JSON.stringify(input.geometry), srid, JSON.stringify(s.attrs), s.contact ? JSON.stringify(s.contact) : null, demo, caller.username]);
  const id = Number(row!.id);
  await writeLines(tx, decl, id, s.lines, srid);
  return id;
}

/** Creates a record (audited). Demo records of the register stay: only an import replaces them. */
export async function createRecord(caller: Caller, db: Db, decl: RegisterDeclaration, input: RecordInput): Promise<RegisterFeature> {
  assertCan(caller, decl.permissions.edit);
  assertNoPersonal(caller, decl, input.properties);
  await checkGeometry(db, decl, input.geometry);
  return db.transaction(async (tx) => {
    const id = await insert(tx, caller, decl, input, false, 4326);
    const after = (await readOne(tx, decl, true, id))!;
    await writeAudit(tx, caller, { action: 'create', table: decl.table, recordId: id, after });
    return (await readOne(tx, decl, can(caller, decl.permissions.contacts), id))!;
  });
}

/**
 * Updates a record when `version` is still its version (else 409). `patch`: only the given
 * properties change (the merged record is validated whole); `put`: the properties are replaced
 * (personal fields the caller may not see are kept). The geometry changes only when given.
 */
export async function updateRecord(
  caller: Caller,
  db: Db,
  decl: RegisterDeclaration,
  id: number,
  input: { geometry?: AnyGeometry | undefined; properties: Record<string, unknown>; version: number },
  mode: 'put' | 'patch',
): Promise<RegisterFeature> {
  assertCan(caller, decl.permissions.edit);
  assertNoPersonal(caller, decl, input.properties);
  if (input.geometry) await checkGeometry(db, decl, input.geometry);
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ version: number }>(q('register-lock', decl), [id]);
    if (!lock) throw notFound(decl, id);
    if (Number(lock.version) !== input.version) throw new VersionConflictError(decl.label.singular, Number(lock.version), input.version);
    const before = (await readOne(tx, decl, true, id))!;
    const [r] = await rows(tx, decl, true, {}, id);
    const stored = storedProperties(decl, r!);
    const merged: Record<string, unknown> = mode === 'patch' ? { ...stored, ...input.properties } : { ...input.properties };
    if (mode === 'put') {
      for (const k of decl.personal) if (merged[k] === undefined && !can(caller, decl.permissions.contacts)) merged[k] = stored[k];
      for (const l of decl.lines) if (merged[l.key] === undefined) merged[l.key] = null;
    }
    for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
    const checked = (decl.properties as z.ZodObject).safeParse(merged);
    if (!checked.success) {
      const errs = checked.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      throw new AppError(400, 'Ongeldige invoer', `Ongeldige invoer: ${errs.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors: errs });
    }
    const s = split(decl, checked.data as Record<string, unknown>);
    const changedLines = mode === 'put' ? s.lines : Object.fromEntries(Object.entries(s.lines).filter(([k]) => k in input.properties));
    const updated = await tx.query(q('register-update', decl), [
      id,
      input.geometry ? JSON.stringify(input.geometry) : null,
      4326,
      s.name,
      JSON.stringify(s.attrs),
      s.contact ? JSON.stringify(s.contact) : null,
      input.version,
      caller.username,
    ]);
    if (updated.length !== 1) throw new VersionConflictError(decl.label.singular, Number(lock.version), input.version);
    await writeLines(tx, decl, id, changedLines, 4326);
    const after = (await readOne(tx, decl, true, id))!;
    await writeAudit(tx, caller, { action: 'update', table: decl.table, recordId: id, before, after });
    return (await readOne(tx, decl, can(caller, decl.permissions.contacts), id))!;
  });
}

/** Deletes a record (audited with its last state); with `version`, only when it is still that version. */
export async function deleteRecord(caller: Caller, db: Db, decl: RegisterDeclaration, id: number, version?: number): Promise<{ id: number; deleted: true }> {
  assertCan(caller, decl.permissions.edit);
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ version: number }>(q('register-lock', decl), [id]);
    if (!lock) throw notFound(decl, id);
    if (version !== undefined && Number(lock.version) !== version) throw new VersionConflictError(decl.label.singular, Number(lock.version), version);
    const before = (await readOne(tx, decl, true, id))!;
    await tx.query(sql('register-lines-delete'), [decl.table, id, null]);
    await tx.query(q('register-delete', decl), [id]);
    await writeAudit(tx, caller, { action: 'delete', table: decl.table, recordId: id, before });
    return { id, deleted: true as const };
  });
}

export interface HistoryEntry {
  at: string;
  username: string;
  action: string;
  before: unknown;
  after: unknown;
}

/** The record's changes from the audit trail, newest first (contains personal data: contacts permission). */
export async function recordHistory(caller: Caller, db: Db, decl: RegisterDeclaration, id: number, limit = 200): Promise<{ id: number; entries: HistoryEntry[] }> {
  assertCan(caller, decl.permissions.contacts);
  const list = await db.query<{ at: Date | string; username: string; action: string; before: unknown; after: unknown }>(sql('audit-list'), [decl.table, String(id), null, null, limit, null, null, null]);
  if (list.length === 0 && !(await readOne(db, decl, false, id))) throw notFound(decl, id);
  return { id, entries: list.map((r) => ({ at: iso(r.at), username: r.username, action: r.action, before: parse(r.before), after: parse(r.after) })) };
}

/**
 * Stores a set of real records at once (the core of the register import). All or nothing; the
 * register's demo records are deleted in the same transaction (a real import replaces the demo
 * data). Audited as one 'import' row.
 */
export async function importRecords(caller: Caller, db: Db, decl: RegisterDeclaration, records: RecordInput[], source: string): Promise<{ imported: number; replacedDemo: number }> {
  await prepareRecords(caller, db, decl, records);
  return db.transaction((tx) => storeRecords(tx, caller, decl, records, source));
}

/** The checks of {@link importRecords} before its transaction: permissions, contacts, geometry. */
export async function prepareRecords(caller: Caller, db: Db, decl: RegisterDeclaration, records: RecordInput[]): Promise<void> {
  assertCan(caller, decl.permissions.edit);
  for (const r of records) {
    assertNoPersonal(caller, decl, r.properties);
    await checkGeometry(db, decl, r.geometry);
  }
}

/** The writes of {@link importRecords} on `tx` (call inside a transaction, after prepareRecords). */
export async function storeRecords(tx: Db, caller: Caller, decl: RegisterDeclaration, records: RecordInput[], source: string): Promise<{ imported: number; replacedDemo: number }> {
  const replacedDemo = await deleteDemo(tx, decl);
  const ids: number[] = [];
  for (const r of records) ids.push(await insert(tx, caller, decl, r, false, 4326));
  await writeAudit(tx, caller, { action: 'import', table: decl.table, after: { source, imported: ids.length, replacedDemo, ids } });
  return { imported: ids.length, replacedDemo };
}

export async function deleteDemo(tx: Db, decl: RegisterDeclaration): Promise<number> {
  const gone = await tx.query<{ id: string }>(q('register-delete-demo', decl), []);
  if (gone.length) await tx.query(sql('register-lines-delete-records'), [decl.table, gone.map((g) => Number(g.id))]);
  return gone.length;
}
