/**
 * CRS declarations of district files: GeoJSON `crs` members (the GeoJSON 2008 convention that
 * GDAL and QGIS write) and GeoPackage spatial reference systems, mapped to the two CRSs the
 * importer accepts, RD New (EPSG:28992) and WGS84 (EPSG:4326 / OGC CRS84, lon-lat order).
 */
import type { DeclaredCrs, SupportedSrid } from './types.js';

const SUPPORTED = new Set<number>([28992, 4326]);

function fromEpsg(code: number, label: string): DeclaredCrs {
  return { srid: SUPPORTED.has(code) ? (code as SupportedSrid) : null, label, implicit: false };
}

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

/** The CRS a GeoJSON object declares in its `crs` member; none means WGS84 (RFC 7946). */
export function crsFromGeoJsonMember(crs: unknown): DeclaredCrs {
  if (crs === undefined || crs === null) return { srid: 4326, label: 'WGS84 (geen crs opgegeven, RFC 7946)', implicit: true };
  const c = crs as { type?: unknown; properties?: Record<string, unknown> };
  const props = c.properties ?? {};
  if (c.type === 'name' && typeof props.name === 'string') {
    const code = epsgFromName(props.name);
    return code === null ? { srid: null, label: props.name, implicit: false } : fromEpsg(code, props.name);
  }
  if (typeof c.type === 'string' && c.type.toUpperCase() === 'EPSG' && (typeof props.code === 'number' || typeof props.code === 'string')) {
    const code = Number(props.code);
    return Number.isInteger(code) ? fromEpsg(code, `EPSG:${props.code}`) : { srid: null, label: `EPSG:${props.code}`, implicit: false };
  }
  return { srid: null, label: JSON.stringify(crs).slice(0, 120), implicit: false };
}

/** The CRS of a GeoPackage spatial reference system row (gpkg_spatial_ref_sys). */
export function crsFromGpkgSrs(srs: { srs_id: number; srs_name: string | null; organization: string | null; organization_coordsys_id: number | null } | undefined, srsId: number): DeclaredCrs {
  if (!srs) return { srid: null, label: `srs_id ${srsId} (niet in gpkg_spatial_ref_sys)`, implicit: false };
  const org = (srs.organization ?? '').toUpperCase();
  const label = `${srs.organization ?? '?'}:${srs.organization_coordsys_id ?? '?'}${srs.srs_name ? ` (${srs.srs_name})` : ''}`;
  if (org === 'EPSG' && srs.organization_coordsys_id !== null) return fromEpsg(Number(srs.organization_coordsys_id), label);
  // The GeoPackage spec's own rows for undefined systems (srs_id -1 / 0) and other authorities.
  return { srid: null, label, implicit: false };
}

/** Dutch name of an accepted CRS for messages. */
export function crsName(srid: SupportedSrid): string {
  return srid === 28992 ? 'RD New (EPSG:28992)' : 'WGS84 (EPSG:4326)';
}
