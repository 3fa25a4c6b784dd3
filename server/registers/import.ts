/**
 * Register import from a file (GeoJSON, CSV with WKT or x/y, GeoPackage; RD New or WGS84): the
 * shared geodata reader (server/ingest/features) reads the rows, PostGIS decodes, checks and
 * transforms the geometry (checkGeometries; ST_MakeValid only with `makeValid`), every row's
 * properties are validated against the declaration's zod schema, and then either nothing is
 * stored (any rejected row: all or nothing, like the incident import; or a dry run) or every row
 * is stored (prepareRecords/storeRecords) through the shared commitImport, in one audited
 * transaction that replaces the demo records.
 *
 * Columns map to properties by key (`capacity`), by the Dutch column label of the export
 * (`capaciteit`), case-insensitively, or as a dotted path for nested fields (`capacity.beds`).
 * Text from CSV/GeoPackage is converted by the schema's field type: numbers (decimal comma
 * accepted), booleans (true/false/ja/nee), and objects/lists as JSON text; empty cells are absent.
 */
import type { z } from 'zod';
import { assertCan, type Caller } from '../auth/caller.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { AppError } from '../errors.js';
import { commitImport } from '../ingest/commit.js';
import { checkGeometries } from '../ingest/features/postgis.js';
import { FeatureFileError, readFeatures, type FeatureSrid } from '../ingest/features/read.js';
import { buildReport, type ImportReport, type RejectedRow } from '../ingest/report.js';
import type { AnyGeometry } from './geometry.js';
import { META_KEYS, derivedKeys, prepareRecords, storeRecords, type RecordInput } from './service.js';
import type { RegisterDeclaration } from './types.js';

export interface RegisterImportOptions {
  dryRun: boolean;
  /** The CRS of the coordinates when the file does not declare one (CSV). */
  crs?: FeatureSrid | undefined;
  makeValid: boolean;
  /** Name of the source for the report and the audit row. */
  source: string;
}

export interface RegisterImportResult extends ImportReport {
  register: string;
  dryRun: boolean;
  /** Whether the records were stored (false for a dry run and whenever a row was rejected). */
  stored: boolean;
  imported: number;
  replacedDemo: number;
  format: string;
  crs: string;
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (s: z.ZodType): Def => (s as unknown as { def: Def }).def;

/** The schema without optional/nullable/default/pipe wrappers. */
function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (let i = 0; i < 20; i++) {
    const d = defOf(cur);
    if (d.innerType && ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(d.type)) cur = d.innerType;
    else if (d.type === 'pipe' && d.in) cur = d.in;
    else break;
  }
  return cur;
}

const NUMBER_RE = /^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/;

/** Converts text from a flat file to what the field's schema expects; other values pass unchanged. */
export function coerceFor(schema: z.ZodType, v: unknown): unknown {
  const s = unwrap(schema);
  const d = defOf(s);
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return undefined;
    if ((d.type === 'number' || d.type === 'int') && NUMBER_RE.test(t)) return Number(t.replace(',', '.'));
    if (d.type === 'boolean') {
      if (/^(true|ja|1|waar)$/i.test(t)) return true;
      if (/^(false|nee|0|onwaar)$/i.test(t)) return false;
    }
    if ((d.type === 'object' || d.type === 'array') && /^[[{]/.test(t)) {
      try {
        return coerceFor(schema, JSON.parse(t));
      } catch {
        return v;
      }
    }
    return v;
  }
  if (d.type === 'object' && v && typeof v === 'object' && !Array.isArray(v)) {
    const shape = (s as unknown as { shape: Record<string, z.ZodType> }).shape;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape[k] ? coerceFor(shape[k], x) : x]));
  }
  if (d.type === 'array' && Array.isArray(v) && d.element) return v.map((x) => coerceFor(d.element!, x));
  return v;
}

/** Maps a row's columns to the declaration's property keys; unknown columns are reported once per file. */
function mapProperties(decl: RegisterDeclaration, row: Record<string, unknown>, unknown: Set<string>): Record<string, unknown> {
  const shape = decl.properties.shape as Record<string, z.ZodType>;
  const byName = new Map<string, string>();
  for (const k of Object.keys(shape)) byName.set(k.toLowerCase(), k);
  for (const c of decl.columns) if (shape[c.key]) byName.set(c.label.toLowerCase(), c.key);
  const ignored = new Set<string>([...META_KEYS, ...derivedKeys(decl), 'id', 'fid'].map((k) => k.toLowerCase()));
  const out: Record<string, unknown> = {};
  for (const [col, value] of Object.entries(row)) {
    const name = col.trim().toLowerCase();
    if (ignored.has(name)) continue;
    const dot = name.indexOf('.');
    const key = byName.get(dot > 0 ? name.slice(0, dot) : name);
    if (!key) {
      unknown.add(col);
      continue;
    }
    if (dot > 0) {
      const sub = col.trim().slice(dot + 1);
      const parent = (out[key] && typeof out[key] === 'object' ? out[key] : {}) as Record<string, unknown>;
      parent[sub] = value;
      out[key] = parent;
    } else out[key] = value;
  }
  for (const [k, v] of Object.entries(out)) {
    const c = coerceFor(shape[k]!, v);
    if (c === undefined) delete out[k];
    else out[k] = c;
  }
  return out;
}

const KIND_OF: Record<string, AnyGeometry['type']> = { POINT: 'Point', POLYGON: 'Polygon', MULTIPOLYGON: 'MultiPolygon' };

/** Reads, checks and (unless a row is rejected or it is a dry run) stores a register file. */
export async function importRegisterFile(caller: Caller, db: Db, decl: RegisterDeclaration, data: Uint8Array, fileName: string, opts: RegisterImportOptions): Promise<RegisterImportResult> {
  assertCan(caller, decl.permissions.edit);
  let src;
  try {
    src = await readFeatures(data, fileName, { crs: opts.crs });
  } catch (err) {
    if (err instanceof FeatureFileError) throw new AppError(422, 'Bestand onleesbaar', err.message, {}, '/problems/bestand-onleesbaar');
    throw err;
  }
  const rejected: RejectedRow[] = [];
  const warnings = [...src.warnings];
  const checks = await checkGeometries(
    db,
    src.rows.map((r) => ({ geometry: r.geometry, srid: r.srid ?? opts.crs ?? src.crs.srid })),
    { makeValid: opts.makeValid },
  );
  const unknownCols = new Set<string>();
  const accepted: { row: number; props: Record<string, unknown>; ewkb: string }[] = [];
  src.rows.forEach((r, i) => {
    const before = rejected.length;
    const at = { row: r.rowNumber, ref: r.ref };
    for (const p of r.problems) rejected.push({ ...at, field: 'geometrie', reason: p });
    const g = checks[i]!;
    const kind = g.type ? KIND_OF[g.type.toUpperCase()] : undefined;
    if (!g.read) rejected.push({ ...at, field: 'geometrie', reason: g.error ?? 'geen geometrie' });
    else if (g.empty) rejected.push({ ...at, field: 'geometrie', reason: 'de geometrie is leeg' });
    else if (g.valid === false && !g.repaired) rejected.push({ ...at, field: 'geometrie', reason: `${g.reasonNl ?? 'ongeldige geometrie'}${opts.makeValid ? '' : ' (herstel met makeValid=true als u dat wilt)'}` });
    else if (g.rdValid === false) rejected.push({ ...at, field: 'geometrie', reason: g.rdReasonNl ?? 'ongeldig na omzetting naar RD New' });
    else if (!kind || !(decl.geometryKinds as readonly string[]).includes(kind)) rejected.push({ ...at, field: 'geometrie', reason: `de geometrie van ${decl.label.withArticle} is ${decl.geometryText}, geen ${g.type ?? 'onbekend type'}` });
    const props = mapProperties(decl, r.properties, unknownCols);
    const parsed = decl.properties.safeParse(props);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.') || undefined;
        rejected.push({ ...at, ...(field ? { field } : {}), reason: field ? `${field}: ${issue.message}` : issue.message });
      }
    }
    if (rejected.length === before && parsed.success && g.ewkbHex) accepted.push({ row: r.rowNumber, props: parsed.data as Record<string, unknown>, ewkb: g.ewkbHex });
  });
  if (unknownCols.size) warnings.push(`Kolommen genegeerd (onbekend in dit register): ${[...unknownCols].slice(0, 20).join(', ')}.`);
  if (opts.makeValid && checks.some((c) => c.repaired)) warnings.push(`${checks.filter((c) => c.repaired).length} geometrie(ën) hersteld met ST_MakeValid.`);
  const report = buildReport(src.rows.length, rejected, warnings, 1000);
  const base = { register: decl.name, dryRun: opts.dryRun, format: src.format, crs: src.crs.label, imported: 0, replacedDemo: 0 };
  const outcome = await commitImport(db, {
    rule: 'all-or-nothing',
    dryRun: opts.dryRun,
    accepted: accepted.length,
    rejectedCount: report.rejectedCount,
    prepare: async () => {
      const geo = await db.query<{ ord: number; geometry: string }>(sql('register-import-geojson'), [accepted.map((a) => a.ewkb)]);
      const records: RecordInput[] = accepted.map((a, i) => ({ geometry: JSON.parse(geo[i]!.geometry) as AnyGeometry, properties: a.props }));
      await prepareRecords(caller, db, decl, records);
      return records;
    },
    store: (tx, records) => storeRecords(tx, caller, decl, records, opts.source),
  });
  if (outcome.stored) return { ...report, ...base, stored: true, imported: outcome.result.imported, replacedDemo: outcome.result.replacedDemo };
  if (outcome.decision === 'refused') {
    report.warnings.push(`${report.rejectedCount} van ${src.rows.length} rijen afgekeurd: er is niets opgeslagen (alles of niets). Verbeter de rijen en importeer opnieuw.`);
  } else if (outcome.decision === 'empty') report.warnings.push('Het bestand bevat geen rijen; er is niets opgeslagen.');
  return { ...report, ...base, stored: false };
}
