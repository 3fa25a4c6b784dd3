/**
 * GeoJSON incident files: a FeatureCollection of Points, WGS84 (RFC 7946) or RD New when the
 * legacy `crs` member names EPSG:28992. GeoJSON is not streamable record by record, so it is read whole.
 */
import { readGeoJsonText } from '../features/geojson.js';
import { FeatureFileError, type FeatureRow } from '../features/types.js';
import type { TextSource } from '../text.js';
import { mapColumns, requireColumns } from './columns.js';
import type { AxisKind } from './crs-check.js';
import { IncidentFileError, PROGRESS_EVERY, type IncidentField, type ParseIncidentsOptions, type ParseIncidentsResult } from './types.js';
import { RowValidator, type RawRecord } from './validate.js';

function propText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  const t = s.trim();
  return t ? t : undefined;
}

/** The document through the shared GeoJSON reader, in the incident importer's terms. */
function readDocument(text: string): { rows: FeatureRow[]; axis: AxisKind; keys: string[] } {
  let doc;
  try {
    doc = readGeoJsonText(text, 'Het bestand');
  } catch (e) {
    if (e instanceof FeatureFileError) throw new IncidentFileError('INVALID_GEOJSON', `Ongeldige GeoJSON: ${e.message}`);
    throw e;
  }
  if (doc.single) throw new IncidentFileError('INVALID_GEOJSON', 'Ongeldige GeoJSON: verwacht een FeatureCollection met een lijst "features".');
  if (doc.rows.length === 0) throw new IncidentFileError('EMPTY', 'De GeoJSON bevat geen features.');
  if (doc.crs.srid === null) {
    throw new IncidentFileError('CRS_UNKNOWN', `Het coördinatenstelsel "${doc.crs.label}" wordt niet ondersteund; gebruik WGS84 (RFC 7946) of RD New (EPSG:28992).`);
  }
  return { rows: doc.rows, axis: doc.crs.srid === 28992 ? 'rd' : 'wgs', keys: doc.columns };
}

export async function parseGeoJson(src: TextSource, options: ParseIncidentsOptions): Promise<ParseIncidentsResult> {
  const progressEvery = Math.max(1, options.progressEvery ?? PROGRESS_EVERY);
  let text = src.head;
  for (;;) {
    const r = await src.rest.next();
    if (r.done) break;
    text += r.value;
  }
  const { rows: features, axis, keys } = readDocument(text);
  text = '';

  const columns = mapColumns(keys);
  // Coordinates come from the geometry; coordinate properties are informative only.
  const names = { ...columns.names };
  const geomName = axis === 'rd' ? 'geometry (RD)' : 'geometry (WGS84)';
  for (const f of ['x', 'y', 'lat', 'lon'] as const) delete names[f];
  const hasIdProp = columns.index.id !== undefined;
  const hasFeatureIds = features.some((f) => f.featureId !== undefined);
  requireColumns({ ...names, x: geomName, y: geomName }, `properties: ${keys.join(', ') || '(geen)'}`);
  const idsGenerated = !hasIdProp && !hasFeatureIds;
  const validator = new RowValidator(axis, names, options, idsGenerated);
  validator.geojson = true;

  const records: RawRecord[] = features.map((f, i) => {
    const props = f.properties;
    const get = (field: IncidentField): string | undefined => {
      if (field === 'id') return propText(columns.names.id !== undefined ? props[columns.names.id] : undefined) ?? propText(f.featureId);
      const name = columns.names[field];
      return name === undefined ? undefined : propText(props[name]);
    };
    const g = f.geometry && 'geojson' in f.geometry ? (f.geometry.geojson as { type?: unknown; coordinates?: unknown }) : null;
    let geometryProblem: string | undefined;
    let coords: [number, number] | undefined;
    if (f.problems.length > 0) geometryProblem = f.problems[0];
    else if (!g) geometryProblem = 'geometrie ontbreekt (coördinaten ontbreken)';
    else if (g.type !== 'Point') geometryProblem = `geometrie is geen Point maar ${String(g.type)}`;
    else if (!Array.isArray(g.coordinates) || g.coordinates.length < 2) geometryProblem = 'Point zonder geldige coördinaten';
    else {
      const [ca, cb] = g.coordinates as unknown[];
      coords = [typeof ca === 'number' ? ca : Number.NaN, typeof cb === 'number' ? cb : Number.NaN];
    }
    return geometryProblem ? { line: i + 1, get, geometryProblem } : { line: i + 1, get, coords };
  });

  const d = validator.decide(records, true);
  if (d.swap) {
    validator.note(
      axis === 'rd'
        ? 'In deze GeoJSON stonden x en y omgekeerd; de coördinaten zijn omgewisseld ingelezen.'
        : 'In deze GeoJSON stonden de coördinaten als [lat, lon] in plaats van [lon, lat] (RFC 7946); ze zijn omgewisseld ingelezen.',
    );
  }
  let n = 0;
  for (const r of records) {
    validator.add(r);
    if (++n % progressEvery === 0) options.onProgress?.(n, src.bytes());
  }
  options.onProgress?.(n, src.bytes());
  return validator.result({
    format: 'geojson',
    encoding: src.encoding,
    columns: { ...names, ...(hasIdProp || !hasFeatureIds ? {} : { id: 'feature.id' }) },
    ignoredColumns: columns.ignored.concat(['x', 'y', 'lat', 'lon'].flatMap((f) => columns.names[f as IncidentField] ?? [])),
    idsGenerated,
  });
}
