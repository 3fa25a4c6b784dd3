/**
 * CRS declarations and detection for the shared reader. The GeoJSON/GeoPackage parsing of CRS
 * names is the district importer's (moved here); CSVs have no declaration, so their CRS comes
 * from an option or from the coordinate ranges (RD New metres vs WGS84 degrees of the
 * Netherlands).
 */
import { isInNlWgs84, isInRdBounds } from '../../domain/crs.js';
import type { DetectedCrs, FeatureSrid } from './types.js';

const SUPPORTED = new Set<number>([28992, 4326]);

/**
 * Parses a CRS name such as `urn:ogc:def:crs:EPSG::28992`, `urn:ogc:def:crs:EPSG:6.6:4326`,
 * `EPSG:28992`, `http://www.opengis.net/def/crs/EPSG/0/28992` or `urn:ogc:def:crs:OGC:1.3:CRS84`.
 * Returns the EPSG code (CRS84 -> 4326) or null when it names no EPSG CRS.
 */
export function epsgFromName(name: string): number | null {
  const s = name.trim();
  if (/^(urn:ogc:def:crs:OGC:(1\.3)?:CRS84|CRS84|OGC:CRS84|http:\/\/www\.opengis\.net\/def\/crs\/OGC\/1\.3\/CRS84)$/i.test(s)) return 4326;
  const m =
    /^urn:ogc:def:crs:EPSG:[\d.]*:(\d+)$/i.exec(s) ??
    /^EPSG:+(\d+)$/i.exec(s) ??
    /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/(\d+)$/i.exec(s);
  return m ? Number(m[1]) : null;
}

/** An EPSG code as a supported SRID, or null. */
export function supportedSrid(code: number | null): FeatureSrid | null {
  return code !== null && SUPPORTED.has(code) ? (code as FeatureSrid) : null;
}

/** The CRS a GeoJSON object declares in its `crs` member; none means WGS84 (RFC 7946). */
export function crsFromGeoJsonMember(crs: unknown): DetectedCrs {
  if (crs === undefined || crs === null) return { srid: 4326, label: 'WGS84 (geen crs opgegeven, RFC 7946)', source: 'default' };
  const c = crs as { type?: unknown; properties?: Record<string, unknown> };
  const props = c.properties ?? {};
  if (c.type === 'name' && typeof props.name === 'string') {
    return { srid: supportedSrid(epsgFromName(props.name)), label: props.name, source: 'declared' };
  }
  if (typeof c.type === 'string' && c.type.toUpperCase() === 'EPSG' && (typeof props.code === 'number' || typeof props.code === 'string')) {
    const code = Number(props.code);
    return { srid: Number.isInteger(code) ? supportedSrid(code) : null, label: `EPSG:${props.code}`, source: 'declared' };
  }
  return { srid: null, label: JSON.stringify(crs).slice(0, 120), source: 'declared' };
}

export interface GpkgSrsRow {
  srs_id: number;
  srs_name: string | null;
  organization: string | null;
  organization_coordsys_id: number | null;
}

/** The CRS of a GeoPackage spatial reference system row (gpkg_spatial_ref_sys). */
export function crsFromGpkgSrs(srs: GpkgSrsRow | undefined, srsId: number): DetectedCrs {
  if (!srs) return { srid: null, label: `srs_id ${srsId} (niet in gpkg_spatial_ref_sys)`, source: 'declared' };
  const org = (srs.organization ?? '').toUpperCase();
  const label = `${srs.organization ?? '?'}:${srs.organization_coordsys_id ?? '?'}${srs.srs_name ? ` (${srs.srs_name})` : ''}`;
  if (org === 'EPSG' && srs.organization_coordsys_id !== null) return { srid: supportedSrid(Number(srs.organization_coordsys_id)), label, source: 'declared' };
  return { srid: null, label, source: 'declared' };
}

/**
 * The CRS suggested by sample coordinates (x/lon first): RD New when every pair lies in the RD
 * validity box, WGS84 when every pair lies in the Netherlands in degrees; otherwise unknown
 * (mixed, swapped or outside), which the caller reports rather than guesses.
 */
export function crsFromCoordinates(pairs: readonly [number, number][]): DetectedCrs {
  if (pairs.length === 0) return { srid: null, label: 'geen coördinaten gevonden', source: 'unknown' };
  if (pairs.every(([x, y]) => isInRdBounds(x, y))) return { srid: 28992, label: 'RD New (EPSG:28992), herkend aan de coördinaten', source: 'coordinates' };
  if (pairs.every(([x, y]) => isInNlWgs84(x, y))) return { srid: 4326, label: 'WGS84 (EPSG:4326), herkend aan de coördinaten', source: 'coordinates' };
  if (pairs.every(([x, y]) => isInNlWgs84(y, x))) return { srid: null, label: 'coördinaten lijken (lat, lon) in plaats van (lon, lat)', source: 'unknown' };
  return { srid: null, label: 'coördinaten passen niet bij RD New of WGS84 in Nederland', source: 'unknown' };
}

/** Dutch name of an accepted CRS for messages. */
export function crsName(srid: FeatureSrid): string {
  return srid === 28992 ? 'RD New (EPSG:28992)' : 'WGS84 (EPSG:4326)';
}
