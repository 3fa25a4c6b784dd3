/**
 * GeoJSON sources: a FeatureCollection (or a single Feature) with an optional `crs` member
 * naming RD New or WGS84 (none: WGS84, RFC 7946). Parsed whole with JSON.parse; geometries are
 * passed on as objects for ST_GeomFromGeoJSON.
 */
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../domain/json.js';
import { crsFromGeoJsonMember } from './crs.js';
import { FeatureFileError, type FeatureRow, type FeatureSource } from './types.js';

export function readGeoJsonFeatures(data: Uint8Array, fileName: string): FeatureSource {
  if (data.length === 0) throw new FeatureFileError(`${fileName} is leeg.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, '');
  } catch {
    throw new FeatureFileError(`${fileName} is te groot om als GeoJSON te lezen; gebruik een GeoPackage (.gpkg).`);
  }
  const { single: _single, ...source } = readGeoJsonText(text, fileName);
  return source;
}

/**
 * The same from decoded text (the incident importer decodes its stream itself). `single` tells
 * a lone Feature from a FeatureCollection; rows keep the Feature's own `id` member as `featureId`.
 */
export function readGeoJsonText(text: string, fileName: string): FeatureSource & { single: boolean } {
  if (text.trim() === '') throw new FeatureFileError(`${fileName} is leeg.`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new FeatureFileError(`${fileName} is geen geldige JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (exceedsJsonDepth(doc)) throw new FeatureFileError(`${fileName} is dieper genest dan ${MAX_JSON_DEPTH} niveaus; dat is geen GeoJSON van objecten.`);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new FeatureFileError(`${fileName} is geen GeoJSON: verwacht een FeatureCollection.`);
  const obj = doc as { type?: unknown; features?: unknown; crs?: unknown };
  let list: unknown[];
  let single = false;
  if (obj.type === 'FeatureCollection') {
    if (!Array.isArray(obj.features)) throw new FeatureFileError(`${fileName}: de FeatureCollection heeft geen lijst "features".`);
    list = obj.features;
  } else if (obj.type === 'Feature') {
    list = [obj];
    single = true;
  } else {
    throw new FeatureFileError(`${fileName} is geen GeoJSON-FeatureCollection (type is ${JSON.stringify(obj.type ?? null)}).`);
  }
  const crs = crsFromGeoJsonMember(obj.crs);
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows: FeatureRow[] = list.map((f, i) => {
    const feat = (typeof f === 'object' && f !== null ? f : {}) as { type?: unknown; id?: unknown; properties?: unknown; geometry?: unknown };
    const properties = typeof feat.properties === 'object' && feat.properties !== null && !Array.isArray(feat.properties) ? (feat.properties as Record<string, unknown>) : {};
    for (const k of Object.keys(properties)) if (!seen.has(k)) { seen.add(k); columns.push(k); }
    const g = feat.geometry;
    const problems: string[] = [];
    let geometry: FeatureRow['geometry'] = null;
    if (feat.type !== 'Feature') problems.push('geen GeoJSON-Feature (type ontbreekt of is geen "Feature")');
    else if (typeof g === 'object' && g !== null && !Array.isArray(g) && typeof (g as { type?: unknown }).type === 'string') geometry = { geojson: g as Record<string, unknown> };
    else if (g !== null && g !== undefined) problems.push('ongeldige geometrie (geen object met een type)');
    const row: FeatureRow = { rowNumber: i + 1, ref: single ? 'feature' : `features[${i}]`, properties, geometry, srid: crs.srid, problems };
    if (typeof feat.id === 'string' || typeof feat.id === 'number') row.featureId = feat.id;
    return row;
  });
  return { format: 'geojson', crs, columns, layers: [], rows, warnings: [], single };
}
