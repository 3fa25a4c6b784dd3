/**
 * A register's records as an OGC GeoPackage 1.3 (one feature table, EPSG:28992 RD New), written
 * with sql.js (SQLite in WebAssembly; the same library reads GeoPackages on import). The
 * geometry is the WKB PostGIS produced (`ST_AsBinary(geom, 'NDR')`), wrapped in the GeoPackage
 * binary header (GeoPackage 1.3 §2.1.3: "GP", version 0, flags little-endian + xy envelope,
 * srs_id, envelope minx maxx miny maxy): nothing here builds or parses WKB itself.
 * Columns as in the CSV export: the declaration's columns (nested values as JSON text), id,
 * versie, demo. Made from demo records, the table's description in gpkg_contents says DEMO.
 */
import initSqlJs, { type SqlJsStatic, type SqlValue } from 'sql.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

export interface GpkgRecord {
  id: number;
  properties: Record<string, unknown>;
  /** Hex WKB in RD New (NDR), or null for a record without geometry. */
  wkbHex: string | null;
  /** [minX, maxX, minY, maxY] in RD New. */
  envelope: number[] | null;
}

export interface GpkgLayer {
  /** Table name: lower case letters, digits and underscores. */
  table: string;
  title: string;
  description: string;
  columns: readonly { key: string; label: string }[];
  records: readonly GpkgRecord[];
}

const RD_WKT =
  'PROJCS["Amersfoort / RD New",GEOGCS["Amersfoort",DATUM["Amersfoort",SPHEROID["Bessel 1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Oblique_Stereographic"],PARAMETER["latitude_of_origin",52.1561605555556],PARAMETER["central_meridian",5.38763888888889],PARAMETER["scale_factor",0.9999079],PARAMETER["false_easting",155000],PARAMETER["false_northing",463000],UNIT["metre",1],AUTHORITY["EPSG","28992"]]';
const WGS84_WKT = 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]';

/** GeoPackage binary: header with the xy envelope, then the WKB untouched. */
export function gpkgGeometry(wkb: Uint8Array, envelope: readonly number[], srsId = 28992): Uint8Array {
  const out = new Uint8Array(8 + 32 + wkb.length);
  const v = new DataView(out.buffer);
  out[0] = 0x47; // 'G'
  out[1] = 0x50; // 'P'
  out[2] = 0; // version 1
  out[3] = 0b0000_0011; // little-endian header, envelope [minx, maxx, miny, maxy]
  v.setInt32(4, srsId, true);
  envelope.slice(0, 4).forEach((n, i) => v.setFloat64(8 + i * 8, n, true));
  out.set(wkb, 40);
  return out;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function value(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export async function registerGeoPackage(layer: GpkgLayer): Promise<Uint8Array<ArrayBuffer>> {
  if (!/^[a-z][a-z0-9_]*$/.test(layer.table)) throw new Error(`ongeldige tabelnaam ${layer.table}`);
  const SQL = await (sqlJs ??= initSqlJs());
  const db = new SQL.Database();
  try {
    db.run('PRAGMA application_id = 1196444487'); // "GPKG"
    db.run('PRAGMA user_version = 10300'); // 1.3.0
    db.run(`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`);
    const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
    srs.run(['Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system']);
    srs.run(['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system']);
    srs.run(['WGS 84 geodetic', 4326, 'EPSG', 4326, WGS84_WKT, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid']);
    srs.run(['Amersfoort / RD New', 28992, 'EPSG', 28992, RD_WKT, 'Rijksdriehoeksstelsel']);
    srs.free();
    db.run(`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER)`);
    db.run(`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, PRIMARY KEY (table_name, column_name))`);

    const labels = ['id', ...layer.columns.map((c) => c.label), 'versie', 'demo'];
    const cols = [`fid INTEGER PRIMARY KEY AUTOINCREMENT`, 'geom GEOMETRY', ...labels.map((l) => `${quote(l)} ${l === 'id' || l === 'versie' || l === 'demo' ? 'INTEGER' : 'TEXT'}`)];
    db.run(`CREATE TABLE ${quote(layer.table)} (${cols.join(', ')})`);
    const insert = db.prepare(`INSERT INTO ${quote(layer.table)} (geom, ${labels.map(quote).join(', ')}) VALUES (${labels.map(() => '?').concat('?').join(', ')})`);
    let env: [number, number, number, number] | null = null;
    db.run('BEGIN');
    for (const r of layer.records) {
      let blob: Uint8Array | null = null;
      if (r.wkbHex && r.envelope) {
        blob = gpkgGeometry(Uint8Array.from(Buffer.from(r.wkbHex, 'hex')), r.envelope);
        const [x0, x1, y0, y1] = r.envelope as [number, number, number, number];
        env = env ? [Math.min(env[0], x0), Math.min(env[1], y0), Math.max(env[2], x1), Math.max(env[3], y1)] : [x0, y0, x1, y1];
      }
      insert.run([blob, r.id, ...layer.columns.map((c) => value(r.properties[c.key])), value(r.properties.version), value(Boolean(r.properties.demo))]);
    }
    db.run('COMMIT');
    insert.free();
    db.run('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 28992)', [
      layer.table,
      'features',
      layer.title,
      layer.description,
      env?.[0] ?? null,
      env?.[1] ?? null,
      env?.[2] ?? null,
      env?.[3] ?? null,
    ]);
    db.run("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'GEOMETRY', 28992, 0, 0)", [layer.table]);
    return new Uint8Array(db.export());
  } finally {
    db.close();
  }
}
