/**
 * GeoPackage district files (OGC GeoPackage 1.x, e.g. CBS's wijkenbuurten_<jaar>.gpkg with the
 * layers gemeenten, wijken and buurten): read with sql.js (SQLite in WebAssembly, whole file
 * in memory). Feature tables come from gpkg_contents + gpkg_geometry_columns, their CRS from
 * gpkg_spatial_ref_sys, geometries from the GeoPackage binary header + WKB (wkb.ts).
 */
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { crsFromGpkgSrs } from './crs.js';
import { DistrictImportError, type DeclaredCrs, type RawFeature, type ReadResult } from './types.js';
import { parseGpkgGeometry, WkbError } from './wkb.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** True when the bytes start with the SQLite 3 file header (a GeoPackage is an SQLite file). */
export function isSqliteFile(data: Uint8Array): boolean {
  const magic = 'SQLite format 3\u0000';
  if (data.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (data[i] !== magic.charCodeAt(i)) return false;
  return true;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

function rows(db: Database, sql: string, params: SqlValue[] = []): Record<string, SqlValue>[] {
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

export async function readGpkg(data: Uint8Array, fileName: string, opts: ReadGpkgOptions = {}): Promise<ReadResult> {
  if (data.length === 0) throw new DistrictImportError(`${fileName} is leeg.`);
  if (!isSqliteFile(data)) throw new DistrictImportError(`${fileName} is geen GeoPackage (geen SQLite-bestand).`);
  sqlJs ??= initSqlJs();
  const SQL = await sqlJs;
  let db: Database;
  try {
    db = new SQL.Database(data);
  } catch (err) {
    throw new DistrictImportError(`${fileName} kan niet als GeoPackage worden geopend: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const tables = new Set(rows(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").map((r) => String(r.name)));
    for (const t of ['gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys']) {
      if (!tables.has(t)) throw new DistrictImportError(`${fileName} is geen GeoPackage: tabel ${t} ontbreekt.`);
    }
    const srsRows = rows(db, 'SELECT srs_id, srs_name, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys');
    const srsById = new Map(
      srsRows.map((r) => [
        Number(r.srs_id),
        {
          srs_id: Number(r.srs_id),
          srs_name: r.srs_name === null ? null : String(r.srs_name),
          organization: r.organization === null ? null : String(r.organization),
          organization_coordsys_id: r.organization_coordsys_id === null ? null : Number(r.organization_coordsys_id),
        },
      ]),
    );
    let layers = rows(
      db,
      `SELECT c.table_name, g.column_name, g.srs_id
       FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
       WHERE c.data_type = 'features' ORDER BY c.table_name`,
    ).map((r) => ({ table: String(r.table_name), column: String(r.column_name), srsId: Number(r.srs_id) }));
    if (layers.length === 0) throw new DistrictImportError(`${fileName} bevat geen lagen met features.`);
    if (opts.layers?.length) {
      const unknown = opts.layers.filter((l) => !layers.some((x) => x.table === l));
      if (unknown.length) {
        throw new DistrictImportError(`Laag ${unknown.join(', ')} bestaat niet in ${fileName}; beschikbaar: ${layers.map((l) => l.table).join(', ')}.`);
      }
      layers = layers.filter((l) => opts.layers!.includes(l.table));
    }

    const features: RawFeature[] = [];
    for (const layer of layers) {
      if (!tables.has(layer.table)) throw new DistrictImportError(`${fileName}: laag ${layer.table} staat in gpkg_contents maar de tabel ontbreekt.`);
      const crs: DeclaredCrs = crsFromGpkgSrs(srsById.get(layer.srsId), layer.srsId);
      if (crs.srid === null) {
        throw new DistrictImportError(
          `${fileName}: laag ${layer.table} gebruikt coördinatenstelsel ${crs.label}; alleen RD New (EPSG:28992) en WGS84 (EPSG:4326) worden ondersteund.`,
        );
      }
      const info = rows(db, `PRAGMA table_info(${quoteIdent(layer.table)})`);
      const pk = info.find((c) => Number(c.pk) === 1)?.name;
      const fidColumn = pk === undefined || pk === null ? null : String(pk);
      const stmt = db.prepare(`SELECT * FROM ${quoteIdent(layer.table)}`);
      try {
        let n = 0;
        while (stmt.step()) {
          const row = stmt.getAsObject();
          const index = features.length;
          const fid = fidColumn ? row[fidColumn] : n + 1;
          const properties: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(row)) if (k !== layer.column && k !== fidColumn) properties[k] = v;
          const feature: RawFeature = { index, ref: `laag ${layer.table}, fid ${String(fid)}`, properties, geometry: null, crs };
          const blob = row[layer.column];
          if (blob instanceof Uint8Array) {
            try {
              const g = parseGpkgGeometry(blob);
              if (g.geometry?.type === 'Unsupported') feature.decodeError = `geometrietype ${(g.geometry as { name: string }).name} wordt niet ondersteund; verwacht Polygon of MultiPolygon`;
              else feature.geometry = g.geometry as RawFeature['geometry'];
              if (g.srsId !== layer.srsId && g.srsId > 0) {
                feature.decodeError = `srs_id ${g.srsId} in de geometrie wijkt af van srs_id ${layer.srsId} van de laag`;
              }
            } catch (err) {
              if (!(err instanceof WkbError)) throw err;
              feature.decodeError = `geometrie onleesbaar: ${err.message}`;
            }
          } else if (blob !== null && blob !== undefined) {
            feature.decodeError = 'geometriekolom bevat geen GeoPackage-geometrie';
          }
          features.push(feature);
          n++;
          if (n % 1000 === 0) opts.onProgress?.(`Gelezen: laag ${layer.table}, ${n.toLocaleString('nl-NL')} features`);
        }
        opts.onProgress?.(`Gelezen: laag ${layer.table}, ${n.toLocaleString('nl-NL')} features`);
      } finally {
        stmt.free();
      }
    }
    return { format: 'gpkg', layers: layers.map((l) => l.table), features };
  } catch (err) {
    if (err instanceof DistrictImportError) throw err;
    // sql.js reports a damaged or non-GeoPackage SQLite file as a plain Error.
    throw new DistrictImportError(`${fileName} kan niet als GeoPackage worden gelezen: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    db.close();
  }
}
