/**
 * The "Herkend" line of the import report in Dutch words: the parser's `detected` record
 * (server/ingest/incidents/parse.ts) without code words like "axesSwapped: false". Pure.
 */
const DELIMITERS: Record<string, string> = { ';': 'puntkomma (;)', ',': 'komma (,)', '\t': 'tab', '|': 'verticale streep (|)' };
const FORMATS: Record<string, string> = { csv: 'CSV-bestand', geojson: 'GeoJSON-bestand' };
const ENCODINGS: Record<string, string> = { 'utf-8': 'UTF-8', 'windows-1252': 'Windows-1252' };
const CRS: Record<string, string> = { 'EPSG:28992': 'RD New (EPSG:28992)', 'EPSG:4326': 'WGS84 (EPSG:4326)' };

export function describeDetected(d: Record<string, unknown>): string {
  const parts: string[] = [];
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null);
  const format = str('format');
  if (format) parts.push(FORMATS[format] ?? `${format.toUpperCase()}-bestand`);
  const delimiter = str('delimiter');
  if (delimiter) parts.push(`scheidingsteken ${DELIMITERS[delimiter] ?? `„${delimiter}”`}`);
  const encoding = str('encoding');
  if (encoding) parts.push(`tekenset ${ENCODINGS[encoding] ?? encoding}`);
  const crs = str('crs');
  if (crs) parts.push(`coördinaten ${CRS[crs] ?? crs}`);
  if (d.axesSwapped === true) parts.push('x en y waren omgewisseld en zijn rechtgezet');
  if (d.idsGenerated === true) parts.push('id’s aangemaakt uit de inhoud');
  const ignored = Array.isArray(d.ignoredColumns) ? (d.ignoredColumns as unknown[]).filter((c): c is string => typeof c === 'string') : [];
  if (ignored.length) parts.push(`genegeerde kolommen: ${ignored.join(', ')}`);
  return parts.join(' · ');
}
