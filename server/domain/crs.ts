/**
 * Coordinate reference systems used by Veiligheidskaart.
 *
 * Storage and analysis use RD New (EPSG:28992, metres); the API speaks WGS84 (EPSG:4326).
 * The transformation is proj4 with the EPSG:28992 definition including the datum shift
 * (towgs84, the 7-parameter approximation EPSG publishes), accurate to about a metre, which is
 * enough for district and hotspot work. PostGIS (with PROJ) does the authoritative transforms
 * in the database; this module serves pure code (CLI, demo data, tests).
 */
import proj4 from 'proj4';

export const RD_NEW =
  '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 ' +
  '+ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs';
proj4.defs('EPSG:28992', RD_NEW);

const toRd = proj4('EPSG:4326', 'EPSG:28992');

/** [lon, lat] (WGS84) -> [x, y] (RD New metres). */
export function wgs84ToRd(lon: number, lat: number): [number, number] {
  const [x, y] = toRd.forward([lon, lat]);
  return [x, y];
}

/** [x, y] (RD New metres) -> [lon, lat] (WGS84). */
export function rdToWgs84(x: number, y: number): [number, number] {
  const [lon, lat] = toRd.inverse([x, y]);
  return [lon, lat];
}

/** The RD New validity box (the Netherlands with its territorial waters), metres. */
export const RD_BOUNDS = { minX: -7000, minY: 289000, maxX: 300000, maxY: 629000 } as const;
/** WGS84 box of the European Netherlands, degrees. */
export const NL_WGS84_BOUNDS = { minLon: 3.2, minLat: 50.75, maxLon: 7.22, maxLat: 53.7 } as const;

/** True when (x, y) lies in the RD New validity area. */
export function isInRdBounds(x: number, y: number): boolean {
  return x >= RD_BOUNDS.minX && x <= RD_BOUNDS.maxX && y >= RD_BOUNDS.minY && y <= RD_BOUNDS.maxY;
}

/** True when (lon, lat) lies in the European Netherlands box. */
export function isInNlWgs84(lon: number, lat: number): boolean {
  return lon >= NL_WGS84_BOUNDS.minLon && lon <= NL_WGS84_BOUNDS.maxLon && lat >= NL_WGS84_BOUNDS.minLat && lat <= NL_WGS84_BOUNDS.maxLat;
}
