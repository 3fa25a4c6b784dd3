/**
 * The incident importer's column mapping: accepted header names per field (Dutch and English),
 * length limits and Dutch labels per field, and the check that the required columns exist.
 */
import { normalizeLabel } from '../../domain/incidents/kinds.js';
import type { AxisKind } from './crs-check.js';
import { IncidentFileError, type IncidentField } from './types.js';

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

export interface ColumnMap {
  /** field -> index into the header list */
  index: Partial<Record<IncidentField, number>>;
  names: Partial<Record<IncidentField, string>>;
  ignored: string[];
}

export function mapColumns(headers: readonly string[]): ColumnMap {
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

export const FIELD_LABELS: Readonly<Record<IncidentField, string>> = {
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

export function requireColumns(names: Partial<Record<IncidentField, string>>, what: string): AxisKind {
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
