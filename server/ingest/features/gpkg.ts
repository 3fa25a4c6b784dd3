/**
 * GeoPackage sources (OGC GeoPackage 1.x, e.g. CBS's wijkenbuurten_<jaar>.gpkg) read with sql.js
 * (SQLite in WebAssembly, whole file in memory). Feature tables come from gpkg_contents +
 * gpkg_geometry_columns, their CRS from gpkg_spatial_ref_sys. Each geometry blob is a GeoPackage
 * binary header followed by standard WKB: the header is stripped here (`stripGpkgHeader`) and the
 * WKB handed on as hex for PostGIS (ST_GeomFromWKB); nothing here parses WKB itself.
 */
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { crsFromGpkgSrs, type GpkgSrsRow } from './crs.js';
import { FeatureFileError, type DetectedCrs, type FeatureRow, type FeatureSource } from './types.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** True when the bytes start with the SQLite 3 file header (a GeoPackage is an SQLite file). */
export function isSqliteFile(data: Uint8Array): boolean {
  const magic = 'SQLite format 3\u0000';
  if (data.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (data[i] !== magic.charCodeAt(i)) return false;
  return true;
}

/** Envelope sizes by the flags' envelope indicator (GeoPackage 1.3, table 3): none, xy, xyz, xym, xyzm. */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

export type StrippedGpkgGeometry = { ok: true; srsId: number; empty: boolean; wkb: Uint8Array } | { ok: false; reason: string };

/**
 * Splits a GeoPackage geometry blob (GeoPackage 1.3 §2.1.3 "GeoPackageBinary"): magic "GP",
 * version, flags (bit 0 byte order of the header, bits 1-3 envelope indicator, bit 4 empty,
 * bit 5 extended type), srs_id, envelope, then the standard WKB, returned untouched.
 */
export function stripGpkgHeader(blob: Uint8Array): StrippedGpkgGeometry {
  if (blob[0] !== 0x47 || blob[1] !== 0x50) return { ok: false, reason: 'geometrie is geen GeoPackage-geometrie (kop "GP" ontbreekt)' };
  if (blob.length < 8) return { ok: false, reason: 'geometrieblob is te kort voor een GeoPackage-kop' };
  const flags = blob[3]!;
  if (flags & 0b0010_0000) return { ok: false, reason: 'uitgebreid GeoPackage-geometrietype (extension) wordt niet ondersteund' };
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0b111];
  if (envelope === undefined) return { ok: false, reason: `ongeldige envelopcode ${(flags >> 1) & 0b111} in de GeoPackage-kop` };
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const srsId = view.getInt32(4, (flags & 1) === 1);
  const start = 8 + envelope;
  const empty = (flags & 0b0001_0000) !== 0;
  if (blob.length <= start) return empty ? { ok: true, srsId, empty, wkb: new Uint8Array(0) } : { ok: false, reason: 'geometrieblob bevat geen WKB na de GeoPackage-kop' };
  return { ok: true, srsId, empty, wkb: blob.subarray(start) };
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

function all(db: Database, sql: string, params: SqlValue[] = []): Record<string, SqlValue>[] {
  const stmt = db.prepare(sql, params);
  const out: Record<string, SqlValue>[] = [];
  try {
    while (stmt.step()) out.push(stmt.getAsObject());
  } finally {
    stmt.free();
  }
  return out;
}

export interface ReadGpkgOptions {
  /** Read only these feature tables (default: all). */
  layers?: string[] | undefined;
  onProgress?: ((line: string) => void) | undefined;
}

export async function readGpkgFeatures(data: Uint8Array, fileName: string, opts: ReadGpkgOptions = {}): Promise<FeatureSource> {
  if (data.length === 0) throw new FeatureFileError(`${fileName} is leeg.`);
  if (!isSqliteFile(data)) throw new FeatureFileError(`${fileName} is geen GeoPackage (geen SQLite-bestand).`);
  sqlJs ??= initSqlJs();
  const SQL = await sqlJs;
  let db: Database;
  try {
    db = new SQL.Database(data);
  } catch (err) {
    throw new FeatureFileError(`${fileName} kan niet als GeoPackage worden geopend: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const tables = new Set(all(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").map((r) => String(r.name)));
    for (const t of ['gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys']) {
      if (!tables.has(t)) throw new FeatureFileError(`${fileName} is geen GeoPackage: tabel ${t} ontbreekt.`);
    }
    const srsById = new Map<number, GpkgSrsRow>(
      all(db, 'SELECT srs_id, srs_name, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys').map((r) => [
        Number(r.srs_id),
        {
          srs_id: Number(r.srs_id),
          srs_name: r.srs_name === null ? null : String(r.srs_name),
          organization: r.organization === null ? null : String(r.organization),
          organization_coordsys_id: r.organization_coordsys_id === null ? null : Number(r.organization_coordsys_id),
        },
      ]),
    );
    let layers = all(
      db,
      `SELECT c.table_name, g.column_name, g.srs_id
       FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
       WHERE c.data_type = 'features' ORDER BY c.table_name`,
    ).map((r) => ({ table: String(r.table_name), column: String(r.column_name), srsId: Number(r.srs_id) }));
    if (layers.length === 0) throw new FeatureFileError(`${fileName} bevat geen lagen met features.`);
    if (opts.layers?.length) {
      const unknown = opts.layers.filter((l) => !layers.some((x) => x.table === l));
      if (unknown.length) throw new FeatureFileError(`Laag ${unknown.join(', ')} bestaat niet in ${fileName}; beschikbaar: ${layers.map((l) => l.table).join(', ')}.`);
      layers = layers.filter((l) => opts.layers!.includes(l.table));
    }

    const rows: FeatureRow[] = [];
    const columns: string[] = [];
    const layerCrs: DetectedCrs[] = [];
    const crsOfLayer: Record<string, DetectedCrs> = {};
    for (const layer of layers) {
      if (!tables.has(layer.table)) throw new FeatureFileError(`${fileName}: laag ${layer.table} staat in gpkg_contents maar de tabel ontbreekt.`);
      const crs = crsFromGpkgSrs(srsById.get(layer.srsId), layer.srsId);
      if (crs.srid === null) {
        throw new FeatureFileError(`${fileName}: laag ${layer.table} gebruikt coördinatenstelsel ${crs.label}; alleen RD New (EPSG:28992) en WGS84 (EPSG:4326) worden ondersteund.`);
      }
      layerCrs.push(crs);
      crsOfLayer[layer.table] = crs;
      const info = all(db, `PRAGMA table_info(${quoteIdent(layer.table)})`);
      const pk = info.find((c) => Number(c.pk) === 1)?.name;
      const fidColumn = pk === undefined || pk === null ? null : String(pk);
      for (const c of info) {
        const name = String(c.name);
        if (name !== layer.column && name !== fidColumn && !columns.includes(name)) columns.push(name);
      }
      const stmt = db.prepare(`SELECT * FROM ${quoteIdent(layer.table)}`);
      try {
        let n = 0;
        while (stmt.step()) {
          const row = stmt.getAsObject();
          const fid = fidColumn ? row[fidColumn] : n + 1;
          const properties: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(row)) if (k !== layer.column && k !== fidColumn) properties[k] = v;
          const out: FeatureRow = { rowNumber: rows.length + 1, ref: `laag ${layer.table}, fid ${String(fid)}`, layer: layer.table, properties, geometry: null, srid: crs.srid, problems: [] };
          const blob = row[layer.column];
          if (blob instanceof Uint8Array) {
            const s = stripGpkgHeader(blob);
            if (!s.ok) out.problems.push(`geometrie onleesbaar: ${s.reason}`);
            else if (s.srsId !== layer.srsId && s.srsId > 0) out.problems.push(`srs_id ${s.srsId} in de geometrie wijkt af van srs_id ${layer.srsId} van de laag`);
            else if (!s.empty) out.geometry = { wkbHex: toHex(s.wkb) };
          } else if (blob !== null && blob !== undefined) {
            out.problems.push('geometriekolom bevat geen GeoPackage-geometrie');
          }
          rows.push(out);
          n++;
          if (n % 1000 === 0) opts.onProgress?.(`Gelezen: laag ${layer.table}, ${n.toLocaleString('nl-NL')} features`);
        }
        opts.onProgress?.(`Gelezen: laag ${layer.table}, ${n.toLocaleString('nl-NL')} features`);
      } finally {
        stmt.free();
      }
    }
    const srids = new Set(layerCrs.map((c) => c.srid));
    const crs: DetectedCrs = srids.size === 1 ? layerCrs[0]! : { srid: null, label: `lagen in verschillende stelsels: ${layerCrs.map((c) => c.label).join(', ')} (zie per rij)`, source: 'declared' };
    return { format: 'gpkg', crs, columns, layers: layers.map((l) => l.table), layerCrs: crsOfLayer, rows, warnings: [] };
  } catch (err) {
    if (err instanceof FeatureFileError) throw err;
    throw new FeatureFileError(`${fileName} kan niet als GeoPackage worden gelezen: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    db.close();
  }
}
