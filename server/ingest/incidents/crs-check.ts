/**
 * Which coordinate system an incident file uses: the header (or GeoJSON crs member) names a
 * candidate, and the coordinates of the first records must agree. Whole-file mismatches throw
 * {@link IncidentFileError}; a file whose axes are swapped in (nearly) every row is read swapped.
 */
import { isInNlWgs84, isInRdBounds } from '../../domain/crs.js';
import { IncidentFileError } from './types.js';

/** rd: x/y in RD New metres; wgs: lon/lat in WGS84 degrees. */
export type AxisKind = 'rd' | 'wgs';
/** ok: fits the declared system; swapped: fits with the axes exchanged; wrongUnit: fits the other system; invalid: none. */
export type CoordClass = 'ok' | 'swapped' | 'wrongUnit' | 'invalid';

/**
 * Classify a coordinate pair given as the file declares it: for 'rd' (a, b) = (x, y), for 'wgs'
 * (a, b) = (lon, lat).
 */
export function classify(axis: AxisKind, a: number, b: number): CoordClass {
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

export interface CrsDecision {
  swap: boolean;
}

function axisNames(axis: AxisKind, geojson: boolean): string {
  if (geojson) return axis === 'rd' ? 'de coördinaten (RD, volgens het crs-lid)' : 'de coördinaten (lon, lat)';
  return axis === 'rd' ? 'de kolommen x/y' : 'de kolommen lat/lon';
}

/** Decide on the sample, or throw when the file as a whole does not fit. */
export function decideCrs(axis: AxisKind, classes: CoordClass[], geojson: boolean): CrsDecision {
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
