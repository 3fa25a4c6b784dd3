/**
 * Parse an incident export (police/BVH extract, analyst spreadsheet, GIS layer) into validated
 * incidents in RD New, with a per-row list of what was wrong with the rows that were rejected.
 *
 * Formats
 * - CSV with `;`, `,`, tab or `|` as delimiter (detected from the header line; an Excel `sep=;`
 *   first line is honoured), UTF-8 with or without BOM, UTF-16 LE/BE (by BOM, or by the NUL bytes
 *   of ASCII text without one: Excel's "Unicode text"), or Windows-1252 (detected: a file that is
 *   not valid UTF-8 is read as Windows-1252, what Dutch Excel writes). Parsed with papaparse in
 *   streaming step mode: the raw text is never held in memory as a whole, only the first
 *   {@link SAMPLE_ROWS} records are buffered while the coordinate system is checked.
 * - GeoJSON FeatureCollection of Points: WGS84 lon/lat per RFC 7946, or RD New when the legacy
 *   `crs` member names EPSG:28992. GeoJSON is not streamable line by line, so it is read whole.
 *
 * Headers are matched case-, accent- and punctuation-insensitively against Dutch and English
 * names (see {@link COLUMN_ALIASES}); unknown columns are ignored and listed in `detected`.
 *
 * Coordinates: the header decides the candidate system (x/y = RD New metres, lat/lon = WGS84
 * degrees), and the values of the first records must agree. A file whose x/y hold degrees or
 * whose lat/lon hold metres, or that mixes systems, is refused as a whole
 * ({@link IncidentFileError}); a file whose lat and lon (or x and y) are swapped in (nearly) every
 * row is read with the axes swapped back and a warning. Single odd rows are rejected per row.
 * Decimal commas ("52,21", "194.123,45") are accepted.
 *
 * Times: ISO 8601 (date, date-time, with or without offset), DD-MM-YYYY [HH:MM[:SS]],
 * DD/MM/YYYY and DD.MM.YYYY; times without offset are Europe/Amsterdam wall-clock time. A
 * date-only `from` is 00:00 of that day, a date-only `to` is the end of that day (23:59:59.999).
 * A missing `to` equals `from` (or the end of the day when `from` is a bare date). A separate
 * time column (begintijd/eindtijd) is combined with a date-only date column.
 *
 * Text fields have a length limit ({@link FIELD_MAX_LENGTH}: id 100, address 200, modus operandi
 * 500, ...); a longer value rejects the row with a reason, so the dry run and the real import agree
 * (a 5,000-character id would not fit the database index).
 *
 * Without an id column every row gets a content id ("h" + 16 hex of SHA-1 over kind, times and
 * rounded coordinates), so re-importing the same file is still recognised as duplicate.
 *
 * The module is split by concern: types.ts (public types), columns.ts (column mapping),
 * values.ts (numbers, dates, postcodes), crs-check.ts (coordinate system of the file),
 * validate.ts (per-row validation), csv.ts and geojson.ts (the two readers), and the shared
 * ../text.ts (bytes to text with encoding detection).
 */
import { openText, type TextInput } from '../text.js';
import { parseCsv } from './csv.js';
import { parseGeoJson } from './geojson.js';
import { IncidentFileError, type IncidentFileFormat, type ParseIncidentsOptions, type ParseIncidentsResult } from './types.js';

export * from './types.js';
export { COLUMN_ALIASES, FIELD_MAX_LENGTH, matchColumn } from './columns.js';
export { normalizePostcode, parseDecimal, parseIncidentDate, type ParsedIncidentDate } from './values.js';
export { detectUtf16 } from '../text.js';

/**
 * Parse an incident file (CSV or GeoJSON; see the module comment). Resolves with the valid rows
 * and the rejected ones; rejects with {@link IncidentFileError} when the file as a whole cannot
 * be read as incidents.
 */
export async function parseIncidents(input: TextInput, options: ParseIncidentsOptions = {}): Promise<ParseIncidentsResult> {
  const src = await openText(input);
  try {
    // Make sure the head holds something other than white space, or we know the file is empty.
    while (src.head.trim() === '') {
      const r = await src.rest.next();
      if (r.done) throw new IncidentFileError('EMPTY', 'Het bestand is leeg.');
      src.head += r.value;
    }
    const first = src.head.trimStart().charAt(0);
    const format: IncidentFileFormat = options.format ?? (first === '{' || first === '[' ? 'geojson' : 'csv');
    return format === 'geojson' ? await parseGeoJson(src, options) : await parseCsv(src, options);
  } finally {
    await src.close();
  }
}
