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
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { isInNlWgs84, isInRdBounds, wgs84ToRd } from '../../domain/crs.js';
import { describeAcceptedKinds, normalizeLabel, parseDwellingType, parseIncidentKind } from '../../domain/incidents/kinds.js';
import type { ValidIncident } from '../../domain/incidents/incident.js';
import { amsterdamEndOfDay, amsterdamToUtc } from '../../domain/incidents/time.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../domain/json.js';

export type { ValidIncident } from '../../domain/incidents/incident.js';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type IncidentFileFormat = 'csv' | 'geojson';
export type IncidentCrs = 'EPSG:28992' | 'EPSG:4326';

/** Logical columns the parser understands. */
export type IncidentField =
  | 'id'
  | 'kind'
  | 'from'
  | 'fromTime'
  | 'to'
  | 'toTime'
  | 'x'
  | 'y'
  | 'lat'
  | 'lon'
  | 'address'
  | 'street'
  | 'houseNumber'
  | 'postcode'
  | 'modusOperandi'
  | 'targetType';

export interface ParseIncidentsOptions {
  /** Forces the format; by default '{' or '[' as first character means GeoJSON, anything else CSV. */
  format?: IncidentFileFormat;
  /** Returns false for RD New points outside the gemeente; such rows are rejected. */
  isInside?: (x: number, y: number) => boolean;
  /** Source ids already stored; rows with one of these ids are rejected as duplicates. */
  knownIds?: ReadonlySet<string>;
  /** Called every {@link PROGRESS_EVERY} rows and once at the end. */
  onProgress?: (rowsDone: number, bytesDone: number) => void;
  /** Rows whose `from` lies more than a day after this instant are rejected (default: now). */
  now?: Date;
  /** At most this many rejected rows are listed in detail (default 10,000); `rejectedCount` counts all. */
  maxRejected?: number;
}

export interface RejectedIncidentRow {
  /** 1-based line in the CSV file where the record starts (header = line 1), or 1-based feature number in GeoJSON. */
  line: number;
  id?: string;
  /** Dutch, one sentence each. */
  reasons: string[];
}

export interface DetectedIncidentFile {
  format: IncidentFileFormat;
  /** CSV only. */
  delimiter?: string;
  encoding: TextEncodingName;
  crs: IncidentCrs;
  /** True when the axes were swapped in the file and have been swapped back. */
  axesSwapped: boolean;
  /** Which header (CSV) or property name (GeoJSON) feeds which field. */
  columns: Partial<Record<IncidentField, string>>;
  /** Headers/properties that were not recognised and are ignored. */
  ignoredColumns: string[];
  /** True when the file has no id column and content ids were generated. */
  idsGenerated: boolean;
  /** Dutch notes about corrections that were applied to the whole file. */
  warnings: string[];
}

export interface ParseIncidentsResult {
  rows: ValidIncident[];
  rejected: RejectedIncidentRow[];
  /** Number of rejected rows, including any beyond `maxRejected`. */
  rejectedCount: number;
  detected: DetectedIncidentFile;
  /** Data rows (CSV records after the header, non-blank) or features read. */
  total: number;
}

export type IncidentFileErrorCode =
  | 'EMPTY'
  | 'NO_HEADER'
  | 'MISSING_COLUMN'
  | 'NO_COORDINATES'
  | 'CRS_MISMATCH'
  | 'CRS_INCOHERENT'
  | 'CRS_UNKNOWN'
  | 'INVALID_GEOJSON'
  | 'READ_ERROR';

/** The file as a whole cannot be imported; `message` is Dutch and meant for the user. */
export class IncidentFileError extends Error {
  override readonly name = 'IncidentFileError';
  constructor(
    readonly code: IncidentFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type IncidentInput = Readable | NodeJS.ReadableStream | AsyncIterable<Uint8Array | string> | string | Uint8Array;

/** Records buffered before the coordinate system is decided. */
export const SAMPLE_ROWS = 1000;
export const PROGRESS_EVERY = 5000;

// ---------------------------------------------------------------------------------------------
// Column aliases
// ---------------------------------------------------------------------------------------------

/**
 * Accepted header names per field, compared after `normalizeLabel` (lower case, no accents,
 * punctuation as spaces) and also with the spaces removed ("Pleegdatum_van" = "pleegdatumvan").
 */
export const COLUMN_ALIASES: Readonly<Record<IncidentField, readonly string[]>> = {
  id: ['id', 'registratienummer', 'registratie nummer', 'registratienr', 'regnr', 'nummer', 'nr', 'incidentnummer', 'incident id', 'incident nummer', 'bvh nummer', 'zaaknummer', 'source id', 'sourceid', 'number', 'case number', 'fid', 'objectid'],
  kind: ['soort', 'kind', 'type', 'delict', 'soort delict', 'delictsoort', 'delict soort', 'soort misdrijf', 'misdrijf', 'incidentsoort', 'incident soort', 'incident type', 'maatschappelijke klasse', 'categorie', 'category', 'crime type', 'offence', 'offense'],
  from: ['van', 'from', 'begindatum', 'begin datum', 'pleegdatum van', 'pleegdatum begin', 'pleegdatum', 'datum van', 'datum begin', 'begin', 'start', 'startdatum', 'begin pleegperiode', 'datum', 'date', 'datetime', 'tijdstip', 'from date', 'start date', 'date from'],
  fromTime: ['begintijd', 'begin tijd', 'tijd van', 'pleegtijd van', 'pleegtijd begin', 'pleegtijd', 'starttijd', 'tijd', 'time', 'from time', 'start time', 'time from'],
  to: ['tot', 'to', 'einddatum', 'eind datum', 'pleegdatum tot', 'pleegdatum eind', 'datum tot', 'datum eind', 'eind', 'einde', 'end', 'eind pleegperiode', 'to date', 'end date', 'date to'],
  toTime: ['eindtijd', 'eind tijd', 'tijd tot', 'pleegtijd tot', 'pleegtijd eind', 'to time', 'end time', 'time to'],
  x: ['x', 'x rd', 'rd x', 'rdx', 'x coordinaat', 'x coord', 'coord x', 'coordinaat x', 'xcoord', 'x coordinate', 'rd x coordinaat', 'x rd new', 'easting'],
  y: ['y', 'y rd', 'rd y', 'rdy', 'y coordinaat', 'y coord', 'coord y', 'coordinaat y', 'ycoord', 'y coordinate', 'rd y coordinaat', 'y rd new', 'northing'],
  lat: ['lat', 'latitude', 'breedtegraad', 'breedte', 'wgs84 lat', 'lat wgs84', 'lat wgs', 'latitude wgs84'],
  lon: ['lon', 'lng', 'long', 'longitude', 'lengtegraad', 'lengte', 'wgs84 lon', 'lon wgs84', 'lon wgs', 'longitude wgs84'],
  address: ['adres', 'address', 'pleegadres', 'pleeglocatie', 'adres pleeglocatie', 'locatie', 'location', 'straat en huisnummer', 'straat huisnummer'],
  street: ['straat', 'straatnaam', 'street', 'openbare ruimte', 'street name'],
  houseNumber: ['huisnummer', 'huisnr', 'house number', 'housenumber', 'nummeraanduiding'],
  postcode: ['postcode', 'pc6', 'pc', 'postal code', 'postalcode', 'zip', 'zipcode', 'zip code'],
  modusOperandi: ['modus operandi', 'modusoperandi', 'mo', 'werkwijze', 'werkwijze mo', 'methode', 'method', 'wijze van binnenkomst', 'binnenkomst'],
  targetType: ['woningtype', 'woning type', 'type woning', 'target', 'target type', 'doelwit', 'doelwit type', 'object', 'objecttype', 'object type', 'soort woning', 'dwelling type', 'property type'],
};

const FIELD_DESCRIPTIONS: Readonly<Partial<Record<IncidentField, string>>> = {
  kind: 'soort (ook: delict, type, kind)',
  from: 'van (ook: begindatum, pleegdatum_van, from)',
};

function aliasIndex(): Map<string, IncidentField> {
  const m = new Map<string, IncidentField>();
  for (const [field, aliases] of Object.entries(COLUMN_ALIASES) as [IncidentField, readonly string[]][]) {
    for (const a of aliases) {
      const key = normalizeLabel(a);
      if (!m.has(key)) m.set(key, field);
      const compact = key.replace(/ /g, '');
      if (!m.has(compact)) m.set(compact, field);
    }
  }
  return m;
}
const ALIAS_INDEX = aliasIndex();

/** The field a header names, or undefined. */
export function matchColumn(header: string): IncidentField | undefined {
  const key = normalizeLabel(header);
  return ALIAS_INDEX.get(key) ?? ALIAS_INDEX.get(key.replace(/ /g, ''));
}

interface ColumnMap {
  /** field -> index into the header list */
  index: Partial<Record<IncidentField, number>>;
  names: Partial<Record<IncidentField, string>>;
  ignored: string[];
}

function mapColumns(headers: readonly string[]): ColumnMap {
  const index: Partial<Record<IncidentField, number>> = {};
  const names: Partial<Record<IncidentField, string>> = {};
  const ignored: string[] = [];
  headers.forEach((h, i) => {
    const field = matchColumn(h);
    if (field && index[field] === undefined) {
      index[field] = i;
      names[field] = h;
    } else if (h.trim() !== '') ignored.push(h);
  });
  return { index, names, ignored };
}

// ---------------------------------------------------------------------------------------------
// Values: numbers, dates, postcodes
// ---------------------------------------------------------------------------------------------

/**
 * A decimal number written the Dutch or English way: "52,21", "52.21", "194.123,45",
 * "194,123.45", "-7000". Returns null for an empty cell and NaN for anything else.
 */
export function parseDecimal(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  let s = raw.replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return null;
  if (/^[+-]?\d+(,\d+)?$/.test(s)) s = s.replace(',', '.');
  else if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s) && s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^[+-]?\d{1,3}(,\d{3})+\.\d+$/.test(s)) s = s.replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number.NaN;
  return Number(s);
}

export interface ParsedIncidentDate {
  date: Date;
  /** No time of day was given. */
  dateOnly: boolean;
  year: number;
  month: number;
  day: number;
}

const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const NL_RE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*uur)?)?$/i;
const TIME_RE = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*uur)?$/i;

function validDay(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function validTime(h: number, mi: number, s: number): boolean {
  return (h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59) || (h === 24 && mi === 0 && s === 0);
}

/**
 * Parse an incident date/time (formats in the module comment). Times without an offset are
 * Europe/Amsterdam. Returns null when the text is not a valid date.
 */
export function parseIncidentDate(raw: string | undefined): ParsedIncidentDate | null {
  if (raw === undefined) return null;
  const s = raw.trim();
  if (!s) return null;
  let y: number, mo: number, d: number;
  let h: string | undefined, mi: string | undefined, sec: string | undefined, frac: string | undefined, tz: string | undefined;
  let m = ISO_RE.exec(s);
  if (m) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
    [h, mi, sec, frac, tz] = [m[4], m[5], m[6], m[7], m[8]];
  } else if ((m = NL_RE.exec(s))) {
    d = Number(m[1]);
    mo = Number(m[2]);
    y = Number(m[3]);
    [h, mi, sec] = [m[4], m[5], m[6]];
  } else return null;
  if (!validDay(y, mo, d)) return null;
  if (h === undefined) return { date: amsterdamToUtc(y, mo, d), dateOnly: true, year: y, month: mo, day: d };
  const hh = Number(h);
  const mm = Number(mi);
  const ss = Number(sec ?? 0);
  if (!validTime(hh, mm, ss)) return null;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let date: Date;
  if (tz) {
    let offsetMin = 0;
    if (tz.toUpperCase() !== 'Z') {
      const sign = tz.startsWith('-') ? -1 : 1;
      const digits = tz.slice(1).replace(':', '');
      offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
      if (Math.abs(offsetMin) > 14 * 60) return null;
    }
    date = new Date(Date.UTC(y, mo - 1, d, hh, mm, ss, ms) - offsetMin * 60_000);
  } else {
    date = amsterdamToUtc(y, mo, d, hh, mm, ss, ms);
  }
  return { date, dateOnly: false, year: y, month: mo, day: d };
}

function parseTimeOfDay(raw: string): [number, number, number] | null {
  const m = TIME_RE.exec(raw.trim());
  if (!m) return null;
  const t: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  return validTime(...t) ? t : null;
}

/** "7311 ab" -> "7311AB"; PC4 kept; anything else -> undefined. */
export function normalizePostcode(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.replace(/\s+/g, '').toUpperCase();
  return /^[1-9]\d{3}([A-Z]{2})?$/.test(s) ? s : undefined;
}

const LOCAL_TIME = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** An instant as a person entered it: Dutch words, Europe/Amsterdam local time ("17 dec 2024, 14:30"). */
function fmtDate(d: Date): string {
  return LOCAL_TIME.format(d);
}

// ---------------------------------------------------------------------------------------------
// Coordinate system checks
// ---------------------------------------------------------------------------------------------

type AxisKind = 'rd' | 'wgs';
/** ok: fits the declared system; swapped: fits with the axes exchanged; wrongUnit: fits the other system; invalid: none. */
type CoordClass = 'ok' | 'swapped' | 'wrongUnit' | 'invalid';

/**
 * Classify a coordinate pair given as the file declares it: for 'rd' (a, b) = (x, y), for 'wgs'
 * (a, b) = (lon, lat).
 */
function classify(axis: AxisKind, a: number, b: number): CoordClass {
  if (axis === 'rd') {
    if (isInRdBounds(a, b)) return 'ok';
    if (isInRdBounds(b, a)) return 'swapped';
    if (isInNlWgs84(a, b) || isInNlWgs84(b, a)) return 'wrongUnit';
    return 'invalid';
  }
  if (isInNlWgs84(a, b)) return 'ok';
  if (isInNlWgs84(b, a)) return 'swapped';
  if (isInRdBounds(a, b) || isInRdBounds(b, a)) return 'wrongUnit';
  return 'invalid';
}

interface CrsDecision {
  swap: boolean;
}

function axisNames(axis: AxisKind, geojson: boolean): string {
  if (geojson) return axis === 'rd' ? 'de coördinaten (RD, volgens het crs-lid)' : 'de coördinaten (lon, lat)';
  return axis === 'rd' ? 'de kolommen x/y' : 'de kolommen lat/lon';
}

/** Decide on the sample, or throw when the file as a whole does not fit. */
function decideCrs(axis: AxisKind, classes: CoordClass[], geojson: boolean): CrsDecision {
  const n = classes.length;
  if (n === 0) return { swap: false };
  const count = { ok: 0, swapped: 0, wrongUnit: 0, invalid: 0 };
  for (const c of classes) count[c]++;
  const where = axisNames(axis, geojson);
  if (count.wrongUnit > n / 2) {
    if (axis === 'rd') {
      throw new IncidentFileError(
        'CRS_MISMATCH',
        geojson
          ? `Het crs-lid noemt RD (EPSG:28992), maar de coördinaten zijn graden (WGS84). Verwijder het crs-lid of lever RD-meters.`
          : `De kolommen x/y bevatten graden (WGS84, bv. 5.96 en 52.21), geen RD-coördinaten in meters. ` +
            `Noem de kolommen lat en lon (of breedtegraad en lengtegraad) als het om WGS84 gaat.`,
      );
    }
    throw new IncidentFileError(
      'CRS_MISMATCH',
      geojson
        ? `De coördinaten zijn meters (RD New), maar GeoJSON zonder crs-lid moet WGS84 (lon, lat in graden) zijn. ` +
          `Voeg "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}} toe of lever WGS84.`
        : `De kolommen lat/lon bevatten meters (RD New, bv. 194000 en 469000), geen graden. ` +
          `Noem de kolommen x en y als het om RD-coördinaten gaat.`,
    );
  }
  if (count.invalid > n / 2) {
    throw new IncidentFileError(
      'CRS_UNKNOWN',
      `${cap(where)} vallen bij ${count.invalid} van de ${n} gecontroleerde rijen buiten Nederland. ` +
        `Alleen RD New (EPSG:28992, x/y in meters) en WGS84 (EPSG:4326, lat/lon in graden) worden ondersteund.`,
    );
  }
  const looking = count.ok + count.swapped + count.wrongUnit;
  const major = Math.max(count.ok, count.swapped);
  const minority = looking - major;
  if (minority >= 2 && minority / looking >= 0.2) {
    const parts = [
      count.ok ? `${count.ok} rijen passen bij ${axis === 'rd' ? 'RD (x, y)' : 'WGS84 (lat, lon)'}` : '',
      count.swapped ? `${count.swapped} rijen hebben de assen verwisseld` : '',
      count.wrongUnit ? `${count.wrongUnit} rijen lijken ${axis === 'rd' ? 'graden (WGS84)' : 'meters (RD)'}` : '',
    ].filter(Boolean);
    throw new IncidentFileError(
      'CRS_INCOHERENT',
      `De coördinaten in het bestand zijn niet eenduidig: ${parts.join(', ')} (van ${n} gecontroleerde rijen). ` +
        `Lever één coördinatenstelsel met vaste kolomvolgorde.`,
    );
  }
  return { swap: count.swapped > count.ok };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Row validation (shared by CSV and GeoJSON)
// ---------------------------------------------------------------------------------------------

/**
 * Longest accepted text per field, in characters; a longer value rejects the row with a reason.
 * Police registration numbers are ~20 characters, a Dutch address well under 100.
 */
export const FIELD_MAX_LENGTH: Readonly<Partial<Record<IncidentField, number>>> & { address: number } = {
  id: 100,
  kind: 100,
  from: 40,
  fromTime: 20,
  to: 40,
  toTime: 20,
  x: 40,
  y: 40,
  lat: 40,
  lon: 40,
  address: 200,
  street: 150,
  houseNumber: 20,
  postcode: 20,
  modusOperandi: 500,
  targetType: 100,
};

const FIELD_LABELS: Readonly<Record<IncidentField, string>> = {
  id: 'id',
  kind: 'soort',
  from: 'begindatum',
  fromTime: 'begintijd',
  to: 'einddatum',
  toTime: 'eindtijd',
  x: 'x',
  y: 'y',
  lat: 'lat',
  lon: 'lon',
  address: 'adres',
  street: 'straat',
  houseNumber: 'huisnummer',
  postcode: 'postcode',
  modusOperandi: 'modus operandi',
  targetType: 'woningtype',
};

interface RawRecord {
  line: number;
  get: (field: IncidentField) => string | undefined;
  /** GeoJSON: the Point coordinates as stored. CSV records leave this out; the validator reads x/y or lon/lat. */
  coords?: [number, number];
  /** A problem with the geometry itself (GeoJSON). */
  geometryProblem?: string;
}

interface CoordPair {
  /** rd: x, wgs: lon; null = missing, NaN = unparseable */
  a: number | null;
  b: number | null;
  rawA?: string;
  rawB?: string;
}

class RowValidator {
  readonly rows: ValidIncident[] = [];
  readonly rejected: RejectedIncidentRow[] = [];
  rejectedCount = 0;
  total = 0;
  /** Use "feature" instead of "regel" in messages. */
  geojson = false;
  private readonly seen = new Map<string, number>();
  private decision: CrsDecision = { swap: false };
  private readonly futureLimit: number;
  private readonly maxRejected: number;
  private readonly notes: string[] = [];

  constructor(
    public axis: AxisKind,
    private readonly columns: Partial<Record<IncidentField, string>>,
    private readonly options: ParseIncidentsOptions,
    private readonly generateIds: boolean,
  ) {
    this.futureLimit = (options.now ?? new Date()).getTime() + 86_400_000;
    this.maxRejected = options.maxRejected ?? 10_000;
  }

  get swapped(): boolean {
    return this.decision.swap;
  }

  note(warning: string): void {
    this.notes.push(warning);
  }

  warnings(): string[] {
    const w = [...this.notes];
    if (this.generateIds) w.push('Het bestand heeft geen id-kolom; elke rij kreeg een id op basis van soort, tijden en coördinaten.');
    return w;
  }

  pair(r: RawRecord): CoordPair {
    if (r.coords) return { a: r.coords[0], b: r.coords[1] };
    const [fa, fb]: [IncidentField, IncidentField] = this.axis === 'rd' ? ['x', 'y'] : ['lon', 'lat'];
    const rawA = r.get(fa);
    const rawB = r.get(fb);
    return { a: parseDecimal(rawA), b: parseDecimal(rawB), rawA, rawB };
  }

  classOf(r: RawRecord): CoordClass | undefined {
    if (r.geometryProblem) return undefined;
    const { a, b } = this.pair(r);
    if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) return undefined;
    return classify(this.axis, a, b);
  }

  decide(sample: RawRecord[], geojson: boolean): CrsDecision {
    const classes: CoordClass[] = [];
    for (const r of sample) {
      const c = this.classOf(r);
      if (c) classes.push(c);
    }
    this.decision = decideCrs(this.axis, classes, geojson);
    return this.decision;
  }

  add(r: RawRecord): void {
    this.total++;
    const reasons: string[] = [];
    // Over-long text rejects the row (a 5,000-character id would not fit the database index);
    // the value is shortened for the report.
    const tooLong = new Set<IncidentField>();
    for (const [field, max] of Object.entries(FIELD_MAX_LENGTH) as [IncidentField, number][]) {
      const v = r.get(field);
      if (v !== undefined && v.length > max) {
        tooLong.add(field);
        reasons.push(`${FIELD_LABELS[field]} is te lang (${v.length.toLocaleString('nl-NL')} tekens, hoogstens ${max})`);
      }
    }
    const get = tooLong.size === 0 ? r.get : (f: IncidentField) => (tooLong.has(f) ? truncate(r.get(f)!, 40) : r.get(f));

    // id
    let id = this.generateIds ? undefined : get('id');
    if (!this.generateIds && !id) reasons.push('id ontbreekt');

    // kind
    const rawKind = get('kind');
    const kind = parseIncidentKind(rawKind);
    if (!rawKind) reasons.push('soort ontbreekt');
    else if (!kind) reasons.push(`onbekende soort "${rawKind}"; toegestaan: ${describeAcceptedKinds()}`);

    // times
    const { from, to } = this.times(get, reasons);

    // coordinates
    const xy = this.coordinates(r, reasons);

    if (this.generateIds && kind && from && to && xy) {
      id = 'h' + createHash('sha1').update(`${kind}|${from.toISOString()}|${to.toISOString()}|${xy[0].toFixed(1)}|${xy[1].toFixed(1)}|${get('address') ?? ''}`).digest('hex').slice(0, 16);
    }
    if (id && !tooLong.has('id')) {
      const firstLine = this.seen.get(id);
      if (firstLine !== undefined) reasons.push(`dubbel id "${id}" (eerder op ${this.lineWord()} ${firstLine})`);
      else {
        this.seen.set(id, r.line);
        if (this.options.knownIds?.has(id)) reasons.push(`id "${id}" is al eerder ingelezen`);
      }
    }

    if (reasons.length > 0 || !kind || !from || !to || !xy || !id) {
      this.rejectedCount++;
      if (this.rejected.length < this.maxRejected) this.rejected.push(id ? { line: r.line, id, reasons } : { line: r.line, reasons });
      return;
    }
    const incident: ValidIncident = { sourceId: id, kind, from, to, x: xy[0], y: xy[1] };
    const address = (get('address') ?? [get('street'), get('houseNumber')].filter(Boolean).join(' ')).slice(0, FIELD_MAX_LENGTH.address);
    if (address) incident.address = address;
    const postcode = normalizePostcode(get('postcode'));
    if (postcode) incident.postcode = postcode;
    const mo = get('modusOperandi');
    if (mo) incident.modusOperandi = mo;
    const target = get('targetType');
    if (target) incident.targetType = parseDwellingType(target) ?? target;
    this.rows.push(incident);
  }

  private lineWord(): string {
    return this.geojson ? 'feature' : 'regel';
  }

  private times(get: RawRecord['get'], reasons: string[]): { from?: Date; to?: Date } {
    const fromCol = this.columns.from ?? 'van';
    const toCol = this.columns.to ?? 'tot';
    const rawFrom = get('from');
    let from: Date | undefined;
    let to: Date | undefined;
    let fromDateOnly = false;
    let fromParsed: ParsedIncidentDate | null = null;
    if (!rawFrom) reasons.push(`begindatum (${fromCol}) ontbreekt`);
    else {
      fromParsed = parseIncidentDate(rawFrom);
      if (!fromParsed) reasons.push(`ongeldige begindatum "${rawFrom}" (verwacht bv. 2024-01-31T21:30, 31-01-2024 21:30 of 31/01/2024)`);
      else {
        from = fromParsed.date;
        fromDateOnly = fromParsed.dateOnly;
        const rawTime = get('fromTime');
        if (fromParsed.dateOnly && rawTime) {
          const t = parseTimeOfDay(rawTime);
          if (!t) reasons.push(`ongeldige begintijd "${rawTime}" (verwacht bv. 21:30)`);
          else {
            from = amsterdamToUtc(fromParsed.year, fromParsed.month, fromParsed.day, ...t);
            fromDateOnly = false;
          }
        }
      }
    }
    const rawTo = get('to');
    if (rawTo) {
      const toParsed = parseIncidentDate(rawTo);
      if (!toParsed) reasons.push(`ongeldige einddatum "${rawTo}" (verwacht bv. 2024-01-31T23:00, 31-01-2024 23:00 of 31/01/2024)`);
      else {
        to = toParsed.dateOnly ? amsterdamEndOfDay(toParsed.year, toParsed.month, toParsed.day) : toParsed.date;
        const rawTime = get('toTime');
        if (toParsed.dateOnly && rawTime) {
          const t = parseTimeOfDay(rawTime);
          if (!t) reasons.push(`ongeldige eindtijd "${rawTime}" (verwacht bv. 23:00)`);
          else to = amsterdamToUtc(toParsed.year, toParsed.month, toParsed.day, ...t);
        }
      }
    } else if (from && fromParsed) {
      const rawTime = get('toTime');
      const t = rawTime ? parseTimeOfDay(rawTime) : null;
      if (rawTime && !t) reasons.push(`ongeldige eindtijd "${rawTime}" (verwacht bv. 23:00)`);
      else if (t) {
        // Same date as `from`; an end time before the start time means the next morning.
        to = amsterdamToUtc(fromParsed.year, fromParsed.month, fromParsed.day, ...t);
        if (to < from) to = amsterdamToUtc(fromParsed.year, fromParsed.month, fromParsed.day + 1, ...t);
      } else to = fromDateOnly ? amsterdamEndOfDay(fromParsed.year, fromParsed.month, fromParsed.day) : from;
    }
    if (from && to && to.getTime() < from.getTime()) {
      reasons.push(`einddatum ${fmtDate(to)} (${toCol}) ligt vóór begindatum ${fmtDate(from)} (${fromCol})`);
    }
    if (from && from.getTime() > this.futureLimit) reasons.push(`begindatum ${fmtDate(from)} ligt in de toekomst`);
    return { from, to };
  }

  private coordinates(r: RawRecord, reasons: string[]): [number, number] | undefined {
    if (r.geometryProblem) {
      reasons.push(r.geometryProblem);
      return undefined;
    }
    const names = this.axis === 'rd' ? ['x', 'y'] : ['lon', 'lat'];
    const p = this.pair(r);
    if (p.a === null || p.b === null) {
      reasons.push(`coördinaten ontbreken (${names.filter((_, i) => (i === 0 ? p.a : p.b) === null).join(' en ')} leeg)`);
      return undefined;
    }
    if (!Number.isFinite(p.a) || !Number.isFinite(p.b)) {
      const bad = [
        Number.isFinite(p.a) ? '' : `${names[0]}="${p.rawA ?? String(p.a)}"`,
        Number.isFinite(p.b) ? '' : `${names[1]}="${p.rawB ?? String(p.b)}"`,
      ].filter(Boolean);
      reasons.push(`ongeldige coördinaten (${bad.join(', ')})`);
      return undefined;
    }
    const cls = classify(this.axis, p.a, p.b);
    const expected: CoordClass = this.decision.swap ? 'swapped' : 'ok';
    const shown = `${names[0]}=${p.a}, ${names[1]}=${p.b}`;
    if (cls !== expected) {
      if (cls === 'ok' || cls === 'swapped') reasons.push(`coördinaten lijken verwisseld ten opzichte van de rest van het bestand (${shown})`);
      else if (cls === 'wrongUnit') reasons.push(this.axis === 'rd' ? `coördinaten lijken graden (WGS84), geen RD-meters (${shown})` : `coördinaten lijken RD-meters, geen graden (${shown})`);
      else reasons.push(`coördinaten buiten Nederland (${shown})`);
      return undefined;
    }
    const [a, b] = this.decision.swap ? [p.b, p.a] : [p.a, p.b];
    let x: number, y: number;
    if (this.axis === 'rd') [x, y] = [a, b];
    else [x, y] = wgs84ToRd(a, b);
    x = Math.round(x * 100) / 100;
    y = Math.round(y * 100) / 100;
    if (this.options.isInside && !this.options.isInside(x, y)) {
      reasons.push(`ligt buiten de gemeente (RD x=${Math.round(x)}, y=${Math.round(y)})`);
      return undefined;
    }
    return [x, y];
  }
}

function requireColumns(names: Partial<Record<IncidentField, string>>, what: string): AxisKind {
  const missing = (['kind', 'from'] as const).filter((f) => names[f] === undefined);
  if (missing.length > 0) {
    throw new IncidentFileError(
      'MISSING_COLUMN',
      `Verplichte ${missing.length > 1 ? 'kolommen ontbreken' : 'kolom ontbreekt'}: ${missing.map((f) => FIELD_DESCRIPTIONS[f]).join(' en ')}. Gevonden ${what}.`,
    );
  }
  const hasXy = names.x !== undefined && names.y !== undefined;
  const hasLatLon = names.lat !== undefined && names.lon !== undefined;
  if (!hasXy && !hasLatLon) {
    const half = (['x', 'y', 'lat', 'lon'] as const).filter((f) => names[f] !== undefined);
    throw new IncidentFileError(
      'NO_COORDINATES',
      `Geen coördinaatkolommen gevonden${half.length ? ` (alleen ${half.join(', ')})` : ''}: verwacht x en y (RD New, meters) ` +
        `of lat en lon (ook: latitude/longitude, breedtegraad/lengtegraad). Gevonden ${what}.`,
    );
  }
  return hasXy ? 'rd' : 'wgs';
}

// ---------------------------------------------------------------------------------------------
// Input handling: bytes -> text chunks, format sniffing
// ---------------------------------------------------------------------------------------------

interface TextSource {
  /** Text read so far that has not been handed out (starts with the whole head). */
  head: string;
  rest: AsyncIterator<string>;
  encoding: TextEncodingName;
  bytes: () => number;
  close: () => Promise<void>;
}

const HEAD_BYTES = 64 * 1024;

export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/**
 * UTF-16 by its byte order mark, or without one by the pattern of NUL bytes that ASCII text in
 * UTF-16 has (every other byte; Excel's "Unicode text" and PowerShell write such files). Such a
 * file is decoded as UTF-16 instead of being misread as Windows-1252 row by row.
 */
export function detectUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return undefined;
}

function isAsyncIterable(x: unknown): x is AsyncIterable<Uint8Array | string> {
  return typeof x === 'object' && x !== null && Symbol.asyncIterator in x;
}

/** Reads enough bytes to sniff encoding and format, then streams the rest decoded. */
async function openText(input: IncidentInput): Promise<TextSource> {
  if (typeof input === 'string') {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    const bytes = Buffer.byteLength(input);
    let done = 0;
    const CH = 256 * 1024;
    let pos = Math.min(text.length, CH);
    const head = text.slice(0, pos);
    done = Buffer.byteLength(head);
    const rest: AsyncIterator<string> = {
      next: async () => {
        if (pos >= text.length) return { done: true, value: undefined };
        const chunk = text.slice(pos, pos + CH);
        pos += CH;
        done = pos >= text.length ? bytes : done + Buffer.byteLength(chunk);
        return { done: false, value: chunk };
      },
    };
    return { head, rest, encoding: 'utf-8', bytes: () => done, close: async () => {} };
  }
  const it: AsyncIterator<Uint8Array | string> =
    input instanceof Uint8Array
      ? [input][Symbol.iterator]() as unknown as AsyncIterator<Uint8Array>
      : (isAsyncIterable(input) ? input : Readable.from(input as NodeJS.ReadableStream))[Symbol.asyncIterator]();
  let bytes = 0;
  const headChunks: Uint8Array[] = [];
  let headLen = 0;
  let ended = false;
  while (headLen < HEAD_BYTES) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value;
    headChunks.push(chunk);
    headLen += chunk.length;
    bytes += chunk.length;
  }
  const headBuf = Buffer.concat(headChunks);
  let encoding: TextEncodingName = detectUtf16(headBuf) ?? 'utf-8';
  if (encoding === 'utf-8') {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(headBuf, { stream: !ended });
    } catch {
      encoding = 'windows-1252';
    }
  }
  // The BOM (UTF-8 or UTF-16) is dropped by the decoder.
  const decoder = new TextDecoder(encoding);
  const head = decoder.decode(headBuf, { stream: !ended });
  const rest: AsyncIterator<string> = {
    next: async () => {
      if (ended) return { done: true, value: undefined };
      const r = await it.next();
      if (r.done) {
        ended = true;
        const tail = decoder.decode();
        return tail ? { done: false, value: tail } : { done: true, value: undefined };
      }
      const chunk = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value;
      bytes += chunk.length;
      return { done: false, value: decoder.decode(chunk, { stream: true }) };
    },
  };
  return {
    head,
    rest,
    encoding,
    bytes: () => bytes,
    close: async () => {
      if (!ended) {
        ended = true;
        await it.return?.();
      }
    },
  };
}

/**
 * Parse an incident file (CSV or GeoJSON; see the module comment). Resolves with the valid rows
 * and the rejected ones; rejects with {@link IncidentFileError} when the file as a whole cannot
 * be read as incidents.
 */
export async function parseIncidents(input: IncidentInput, options: ParseIncidentsOptions = {}): Promise<ParseIncidentsResult> {
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

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

const DELIMITERS = [';', ',', '\t', '|'] as const;

/** Count delimiter candidates outside double quotes in the first line. */
function detectDelimiter(firstLine: string): string | undefined {
  const sep = /^sep=(.)\s*$/i.exec(firstLine);
  if (sep) return sep[1];
  const counts = new Map<string, number>();
  let inQuotes = false;
  for (const ch of firstLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (DELIMITERS as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestN = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > bestN) [best, bestN] = [d, n];
  }
  return best;
}

function looksLikeData(cells: string[]): boolean {
  return cells.some((c) => parseIncidentDate(c) !== null || (c.trim() !== '' && Number.isFinite(parseDecimal(c) ?? Number.NaN)));
}

async function parseCsv(src: TextSource, options: ParseIncidentsOptions): Promise<ParseIncidentsResult> {
  // Wait for the whole first line (header) to sniff the delimiter and line ending.
  while (!/[\r\n]/.test(src.head.trimStart()) && src.head.length < 1_000_000) {
    const r = await src.rest.next();
    if (r.done) break;
    src.head += r.value;
  }
  const leading = src.head.length - src.head.trimStart().length;
  const afterLeading = src.head.slice(leading);
  const firstLineEnd = afterLeading.search(/[\r\n]/);
  const firstLine = firstLineEnd < 0 ? afterLeading : afterLeading.slice(0, firstLineEnd);
  let headerLine = firstLine;
  const sepLine = /^sep=(.)\s*$/i.test(firstLine);
  if (sepLine) {
    const restHead = afterLeading.slice(firstLine.length).replace(/^\r?\n/, '');
    const e = restHead.search(/[\r\n]/);
    headerLine = e < 0 ? restHead : restHead.slice(0, e);
  }
  const delimiter = detectDelimiter(firstLine) ?? ',';
  const crlf = src.head.indexOf('\r\n');
  const lf = src.head.indexOf('\n');
  const newline: '\r\n' | '\n' | '\r' = crlf >= 0 && crlf + 1 === lf ? '\r\n' : lf >= 0 ? '\n' : src.head.includes('\r') ? '\r' : '\n';
  const newlineChar = newline === '\r' ? '\r' : '\n';

  // Line bookkeeping: papaparse reports the character offset just after each record (meta.cursor);
  // counting line breaks up to where a record starts gives its line number, also for quoted
  // fields with line breaks. Text is dropped as soon as it has been counted.
  const pending: string[] = [];
  let pendingStart = 0; // absolute offset of pending[0]
  let countedTo = 0;
  let linesBefore = 0;
  const countTo = (abs: number) => {
    while (countedTo < abs && pending.length > 0) {
      const chunk = pending[0]!;
      const from = countedTo - pendingStart;
      const until = Math.min(chunk.length, abs - pendingStart);
      for (let i = from; i < until; i++) if (chunk.charCodeAt(i) === newlineChar.charCodeAt(0)) linesBefore++;
      countedTo = pendingStart + until;
      if (until === chunk.length) {
        pending.shift();
        pendingStart += chunk.length;
      }
    }
  };

  async function* text(): AsyncGenerator<string> {
    pending.push(src.head);
    yield src.head;
    for (;;) {
      const r = await src.rest.next();
      if (r.done) return;
      if (r.value === '') continue;
      pending.push(r.value);
      yield r.value;
    }
  }
  const stream = Readable.from(text());

  let header: string[] | undefined;
  let columns: ColumnMap | undefined;
  let validator: RowValidator | undefined;
  let axis: AxisKind = 'rd';
  let bothSystems = false;
  const sample: RawRecord[] = [];
  let decided = false;
  let fatal: unknown;
  let rowsDone = 0;
  let prevCursor = 0;
  let skippedSep = !sepLine;

  const toRecord = (cells: string[], line: number): RawRecord => {
    const idx = columns!.index;
    const get = (f: IncidentField): string | undefined => {
      const i = idx[f];
      if (i === undefined) return undefined;
      const v = cells[i]?.trim();
      return v ? v : undefined;
    };
    return { line, get };
  };

  const decideNow = () => {
    if (!validator || decided) return;
    decided = true;
    if (bothSystems) {
      // Both x/y and lat/lon columns: use the pair that is filled in more often (x/y on a tie).
      const filled = (a: IncidentField, b: IncidentField) => sample.filter((r) => r.get(a) && r.get(b)).length;
      if (filled('lat', 'lon') > filled('x', 'y')) validator.axis = axis = 'wgs';
      validator.note(
        `Het bestand heeft zowel x/y- als lat/lon-kolommen; ${axis === 'rd' ? 'x/y (RD)' : 'lat/lon (WGS84)'} is gebruikt.`,
      );
    }
    const d = validator.decide(sample, false);
    if (d.swap) {
      validator.note(
        axis === 'wgs'
          ? 'In dit bestand waren breedte- en lengtegraad (lat/lon) verwisseld; de coördinaten zijn omgewisseld ingelezen.'
          : 'In dit bestand waren x en y verwisseld; de coördinaten zijn omgewisseld ingelezen.',
      );
    }
    for (const r of sample) validator.add(r);
    sample.length = 0;
  };

  const onRow = (cells: string[], cursor: number) => {
    countTo(prevCursor);
    const line = linesBefore + 1;
    prevCursor = cursor;
    if (!skippedSep) {
      skippedSep = true;
      return;
    }
    if (cells.every((c) => c.trim() === '')) return;
    if (!header) {
      header = cells.map((c) => c.trim());
      columns = mapColumns(header);
      if (Object.keys(columns.index).length === 0) {
        throw new IncidentFileError(
          'NO_HEADER',
          `Geen herkenbare kopregel: regel ${line} ("${truncate(headerLine, 80)}") bevat geen bekende kolomnamen` +
            `${looksLikeData(cells) ? ' en lijkt een gegevensregel' : ''}. ` +
            `Verwacht bijvoorbeeld: id;soort;van;tot;x;y (of registratienummer, delict, begindatum, einddatum, lat, lon).`,
        );
      }
      axis = requireColumns(columns.names, `kolommen: ${header.filter(Boolean).join(', ')}`);
      bothSystems = ['x', 'y', 'lat', 'lon'].every((f) => columns!.index[f as IncidentField] !== undefined);
      validator = new RowValidator(axis, columns.names, options, columns.index.id === undefined);
      return;
    }
    const rec = toRecord(cells, line);
    rowsDone++;
    if (!decided) {
      sample.push(rec);
      if (sample.length >= SAMPLE_ROWS) decideNow();
    } else validator!.add(rec);
    if (rowsDone % PROGRESS_EVERY === 0) options.onProgress?.(rowsDone, src.bytes());
  };

  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(stream, {
      delimiter,
      newline,
      quoteChar: '"',
      header: false,
      skipEmptyLines: false,
      step: (results, parser) => {
        if (fatal) return;
        try {
          onRow(results.data, results.meta.cursor);
        } catch (e) {
          fatal = e;
          parser.abort();
        }
      },
      complete: () => {
        if (fatal) reject(fatal);
        else resolve();
      },
      error: (err: Error) => reject(new IncidentFileError('READ_ERROR', `Het bestand kon niet worden gelezen: ${err.message}`)),
    });
  }).finally(() => stream.destroy());

  if (!header || !validator || !columns) throw new IncidentFileError('EMPTY', 'Het bestand is leeg.');
  decideNow();
  if (validator.total === 0) throw new IncidentFileError('EMPTY', 'Het bestand bevat een kopregel maar geen incidenten.');
  options.onProgress?.(rowsDone, src.bytes());
  return {
    rows: validator.rows,
    rejected: validator.rejected,
    rejectedCount: validator.rejectedCount,
    total: validator.total,
    detected: {
      format: 'csv',
      delimiter,
      encoding: src.encoding,
      crs: axis === 'rd' ? 'EPSG:28992' : 'EPSG:4326',
      axesSwapped: validator.swapped,
      columns: columns.names,
      ignoredColumns: columns.ignored,
      idsGenerated: columns.index.id === undefined,
      warnings: validator.warnings(),
    },
  };
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

// ---------------------------------------------------------------------------------------------
// GeoJSON
// ---------------------------------------------------------------------------------------------

interface GeoJsonFeature {
  type?: unknown;
  id?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

function crsFromMember(crs: unknown): AxisKind {
  const name = (crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== 'string') throw new IncidentFileError('CRS_UNKNOWN', 'Het crs-lid van de GeoJSON heeft geen naam (verwacht EPSG:28992 of EPSG:4326).');
  if (/28992/.test(name)) return 'rd';
  if (/4326|CRS84/i.test(name)) return 'wgs';
  throw new IncidentFileError('CRS_UNKNOWN', `Het coördinatenstelsel "${name}" wordt niet ondersteund; gebruik WGS84 (RFC 7946) of RD New (EPSG:28992).`);
}

function propText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  const t = s.trim();
  return t ? t : undefined;
}

async function parseGeoJson(src: TextSource, options: ParseIncidentsOptions): Promise<ParseIncidentsResult> {
  let text = src.head;
  for (;;) {
    const r = await src.rest.next();
    if (r.done) break;
    text += r.value;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new IncidentFileError('INVALID_GEOJSON', `Ongeldige GeoJSON (geen geldige JSON): ${(e as Error).message}`);
  }
  text = '';
  if (exceedsJsonDepth(doc)) {
    throw new IncidentFileError('INVALID_GEOJSON', `Ongeldige GeoJSON: de JSON is dieper genest dan ${MAX_JSON_DEPTH} niveaus.`);
  }
  const fc = doc as { type?: unknown; features?: unknown; crs?: unknown };
  if (typeof fc !== 'object' || fc === null || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new IncidentFileError('INVALID_GEOJSON', 'Ongeldige GeoJSON: verwacht een FeatureCollection met een lijst "features".');
  }
  const features = fc.features as GeoJsonFeature[];
  if (features.length === 0) throw new IncidentFileError('EMPTY', 'De GeoJSON bevat geen features.');
  const axis: AxisKind = fc.crs === undefined || fc.crs === null ? 'wgs' : crsFromMember(fc.crs);

  // Property names over all features (first occurrence order).
  const keys: string[] = [];
  const keySet = new Set<string>();
  for (const f of features) {
    for (const k of Object.keys(f?.properties ?? {})) if (!keySet.has(k)) keySet.add(k), keys.push(k);
  }
  const columns = mapColumns(keys);
  // Coordinates come from the geometry; coordinate properties are informative only.
  const names = { ...columns.names };
  const geomName = axis === 'rd' ? 'geometry (RD)' : 'geometry (WGS84)';
  for (const f of ['x', 'y', 'lat', 'lon'] as const) delete names[f];
  const hasIdProp = columns.index.id !== undefined;
  const hasFeatureIds = features.some((f) => f?.id !== undefined && f?.id !== null);
  requireColumns({ ...names, x: geomName, y: geomName }, `properties: ${keys.join(', ') || '(geen)'}`);
  const idsGenerated = !hasIdProp && !hasFeatureIds;
  const validator = new RowValidator(axis, names, options, idsGenerated);
  validator.geojson = true;

  const records: RawRecord[] = features.map((f, i) => {
    const props = f?.properties ?? {};
    const get = (field: IncidentField): string | undefined => {
      if (field === 'id') return propText(columns.names.id !== undefined ? props[columns.names.id] : undefined) ?? propText(f?.id);
      const name = columns.names[field];
      return name === undefined ? undefined : propText(props[name]);
    };
    const g = f?.geometry;
    let geometryProblem: string | undefined;
    let coords: [number, number] | undefined;
    if (!f || f.type !== 'Feature') geometryProblem = 'geen geldig GeoJSON-Feature';
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
    if (++n % PROGRESS_EVERY === 0) options.onProgress?.(n, src.bytes());
  }
  options.onProgress?.(n, src.bytes());
  return {
    rows: validator.rows,
    rejected: validator.rejected,
    rejectedCount: validator.rejectedCount,
    total: validator.total,
    detected: {
      format: 'geojson',
      encoding: src.encoding,
      crs: axis === 'rd' ? 'EPSG:28992' : 'EPSG:4326',
      axesSwapped: validator.swapped,
      columns: { ...names, ...(hasIdProp || !hasFeatureIds ? {} : { id: 'feature.id' }) },
      ignoredColumns: columns.ignored.concat(['x', 'y', 'lat', 'lon'].flatMap((f) => columns.names[f as IncidentField] ?? [])),
      idsGenerated,
      warnings: validator.warnings(),
    },
  };
}
