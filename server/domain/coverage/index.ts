/**
 * Coverage analysis: pure functions on plain objects with geometry as GeoJSON in RD New metres
 * (EPSG:28992). No I/O, no clock.
 *
 * - groups: share of district area, dwellings and inhabitants covered by WhatsApp neighbourhood
 *   groups (union first, area-weighted estimates labelled "schatting"); hot spots and near-repeat
 *   zones without a group, ranked by burglaries
 * - parks: holiday parks per wildfire-risk compartment class ('in'/'nabij' within a buffer), the
 *   evacuation-plan share against 90 %, beds at risk without an adopted plan
 * - planar: shoelace areas and planar distances (turf's area/buffer are geodesic, see there)
 */
export * from './groups.js';
export * from './parks.js';
export * from './areas.js';
export { planarArea, planarDistance, sanitisePolygon } from './planar.js';
export type { PolygonCoords, SanitisedPolygon } from './planar.js';
