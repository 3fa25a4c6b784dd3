/**
 * GeoJSON district files: a FeatureCollection (or a single Feature) with an optional `crs`
 * member naming RD New or WGS84. The whole file is parsed at once (JSON.parse), so the limit is
 * Node's maximum string length (~512 MB); a national CBS file is smaller as a GeoPackage.
 */
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../domain/json.js';
import { crsFromGeoJsonMember } from './crs.js';
import { DistrictImportError, type RawFeature, type RawGeometry, type ReadResult } from './types.js';

export function readGeoJson(data: Uint8Array, fileName: string): ReadResult {
  if (data.length === 0) throw new DistrictImportError(`${fileName} is leeg.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: false }).decode(data);
  } catch {
    throw new DistrictImportError(`${fileName} is te groot om als GeoJSON te lezen; gebruik de GeoPackage-versie (.gpkg) van de wijk- en buurtkaart.`);
  }
  if (text.trim() === '') throw new DistrictImportError(`${fileName} is leeg.`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new DistrictImportError(`${fileName} is geen geldige JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (exceedsJsonDepth(doc)) throw new DistrictImportError(`${fileName} is dieper genest dan ${MAX_JSON_DEPTH} niveaus; dat is geen GeoJSON van gebieden.`);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new DistrictImportError(`${fileName} is geen GeoJSON: verwacht een FeatureCollection.`);
  }
  const obj = doc as { type?: unknown; features?: unknown; crs?: unknown };
  let list: unknown[];
  let single = false;
  if (obj.type === 'FeatureCollection') {
    if (!Array.isArray(obj.features)) throw new DistrictImportError(`${fileName}: de FeatureCollection heeft geen lijst "features".`);
    list = obj.features;
  } else if (obj.type === 'Feature') {
    list = [obj];
    single = true;
  } else {
    throw new DistrictImportError(`${fileName} is geen GeoJSON-FeatureCollection (type is ${JSON.stringify(obj.type ?? null)}).`);
  }
  if (list.length === 0) throw new DistrictImportError(`${fileName} bevat geen features.`);
  const crs = crsFromGeoJsonMember(obj.crs);
  if (crs.srid === null) {
    throw new DistrictImportError(
      `${fileName}: coördinatenstelsel ${crs.label} wordt niet ondersteund; gebruik RD New (EPSG:28992) of WGS84 (EPSG:4326).`,
    );
  }
  const features: RawFeature[] = list.map((f, i) => {
    const ref = single ? 'feature' : `features[${i}]`;
    const feat = (typeof f === 'object' && f !== null ? f : {}) as { type?: unknown; properties?: unknown; geometry?: unknown };
    const properties = typeof feat.properties === 'object' && feat.properties !== null && !Array.isArray(feat.properties) ? (feat.properties as Record<string, unknown>) : {};
    const g = feat.geometry;
    const geometry = typeof g === 'object' && g !== null && typeof (g as { type?: unknown }).type === 'string' ? (g as RawGeometry) : null;
    const raw: RawFeature = { index: i, ref, properties, geometry, crs };
    if (feat.type !== 'Feature') raw.decodeError = 'geen GeoJSON-Feature (type ontbreekt of is geen "Feature")';
    else if (g !== null && g !== undefined && geometry === null) raw.decodeError = 'ongeldige geometrie (geen object met een type)';
    return raw;
  });
  return { format: 'geojson', layers: [], features };
}
