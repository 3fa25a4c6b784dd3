/**
 * Planar geometry helpers for coverage analysis in RD New (EPSG:28992, metres).
 *
 * Why not turf for everything: turf's `area`, `buffer` and `distance` are geodesic and read
 * coordinates as WGS84 degrees, so on RD New metres they give nonsense. turf's polygon clipping
 * (`union`, `intersect`, via polyclip-ts) and its boolean predicates (`booleanIntersects`,
 * `booleanPointInPolygon`) are plain planar geometry and work on any Cartesian coordinates, so
 * they are used as they are. Areas are a shoelace sum and distances a point-to-segment minimum,
 * both exact in the plane, which is what RD New is (a conformal projection with a scale error
 * under 0.01 % over the Netherlands). A buffer is never built as a polygon: "within B metres" is
 * "planar distance <= B", which is exact where a buffered polygon is an approximation.
 */
import { booleanIntersects, intersect, union } from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';

/** Polygon or MultiPolygon coordinates as polyclip and turf expect them. */
export type PolygonCoords = Position[][][];

/** A polygonal geometry after sanitising, or a problem when it has no usable area. */
export type SanitisedPolygon = { ok: true; coords: PolygonCoords; area: number } | { ok: false; problem: string };

function finitePosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

/** Shoelace area of one ring (absolute, m²). */
export function ringArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    sum += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return Math.abs(sum) / 2;
}

/** Planar area (m²) of polygon coordinates: outer rings minus holes. */
export function polygonsArea(coords: PolygonCoords): number {
  let total = 0;
  for (const poly of coords) {
    poly.forEach((ring, i) => {
      total += i === 0 ? ringArea(ring) : -ringArea(ring);
    });
  }
  return Math.max(0, total);
}

/** Planar area (m²) of a Polygon or MultiPolygon; 0 for anything else. */
export function planarArea(geometry: Geometry | null | undefined): number {
  if (!geometry) return 0;
  if (geometry.type === 'Polygon') return polygonsArea([geometry.coordinates]);
  if (geometry.type === 'MultiPolygon') return polygonsArea(geometry.coordinates);
  return 0;
}

/**
 * Checks a geometry meant to be an area: Polygon/MultiPolygon, finite coordinates, rings of at
 * least three distinct points (closed when open), a positive area. Degenerate parts (zero-area
 * rings) are dropped; nothing left is a problem, not an exception.
 */
export function sanitisePolygon(geometry: unknown): SanitisedPolygon {
  if (!geometry || typeof geometry !== 'object') return { ok: false, problem: 'geen geometrie' };
  const g = geometry as { type?: unknown; coordinates?: unknown };
  let polys: unknown[];
  if (g.type === 'Polygon') polys = [g.coordinates];
  else if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates)) polys = g.coordinates;
  else return { ok: false, problem: `geen vlak maar ${typeof g.type === 'string' ? g.type : 'onbekend type'}` };
  const out: PolygonCoords = [];
  for (const poly of polys) {
    if (!Array.isArray(poly) || poly.length === 0) continue;
    const rings: Position[][] = [];
    for (const ring of poly) {
      if (!Array.isArray(ring) || !ring.every(finitePosition)) return { ok: false, problem: 'ongeldige coördinaten' };
      const pts = (ring as Position[]).map((p) => [p[0]!, p[1]!]);
      const first = pts[0];
      const last = pts[pts.length - 1];
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) pts.push([first[0]!, first[1]!]);
      if (pts.length < 4 || ringArea(pts) === 0) {
        if (rings.length === 0) break; // a degenerate outer ring drops the whole polygon
        continue; // a degenerate hole is simply ignored
      }
      rings.push(pts);
    }
    if (rings.length > 0) out.push(rings);
  }
  const area = polygonsArea(out);
  if (out.length === 0 || !(area > 0)) return { ok: false, problem: 'vlak zonder oppervlakte' };
  return { ok: true, coords: out, area };
}

function toFeature(coords: PolygonCoords): Feature<Polygon | MultiPolygon> {
  return { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: coords } };
}

function coordsOf(f: Feature<Polygon | MultiPolygon> | null): PolygonCoords {
  if (!f) return [];
  return f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
}

/**
 * Union of polygonal parts, each counted once (overlaps are not double-counted). Parts that make
 * the clipper fail are left out and their index returned, so one broken group cannot hide the rest.
 */
export function unionAll(parts: readonly PolygonCoords[]): { coords: PolygonCoords; failed: number[] } {
  const failed: number[] = [];
  if (parts.length === 0) return { coords: [], failed };
  try {
    // turf.union wants two or more geometries; a part unioned with itself is the part, normalised.
    const features = parts.length === 1 ? [toFeature(parts[0]!), toFeature(parts[0]!)] : parts.map(toFeature);
    const u = union({ type: 'FeatureCollection', features });
    return { coords: coordsOf(u), failed };
  } catch {
    // Fall back to one part at a time to find the ones the clipper rejects.
  }
  let acc: PolygonCoords = [];
  parts.forEach((part, i) => {
    try {
      const u = union({ type: 'FeatureCollection', features: [toFeature(acc.length === 0 ? part : acc), toFeature(part)] });
      acc = coordsOf(u);
    } catch {
      failed.push(i);
    }
  });
  return { coords: acc, failed };
}

/** Planar area (m²) of the intersection of two polygonal geometries; 0 when disjoint or empty. */
export function intersectionArea(a: PolygonCoords, b: PolygonCoords): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (!bboxesOverlap(bboxOf(a), bboxOf(b))) return 0;
  const i = intersect({ type: 'FeatureCollection', features: [toFeature(a), toFeature(b)] });
  return polygonsArea(coordsOf(i));
}

export type BBox = [minX: number, minY: number, maxX: number, maxY: number];

/** Bounding box of polygon coordinates. */
export function bboxOf(coords: PolygonCoords): BBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of coords) for (const ring of poly) for (const p of ring) {
    if (p[0]! < minX) minX = p[0]!;
    if (p[0]! > maxX) maxX = p[0]!;
    if (p[1]! < minY) minY = p[1]!;
    if (p[1]! > maxY) maxY = p[1]!;
  }
  return [minX, minY, maxX, maxY];
}

function bboxesOverlap(a: BBox, b: BBox, margin = 0): boolean {
  return a[0] - margin <= b[2] && b[0] - margin <= a[2] && a[1] - margin <= b[3] && b[1] - margin <= a[3];
}

/** Planar distance from point p to segment ab. */
export function pointSegmentDistance(p: Position, a: Position, b: Position): number {
  const [px, py] = [p[0]!, p[1]!];
  const [ax, ay] = [a[0]!, a[1]!];
  const dx = b[0]! - ax;
  const dy = b[1]! - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The vertices and segments of a Point/MultiPoint/LineString/Polygon… geometry. */
function partsOf(g: Geometry): { points: Position[]; segments: [Position, Position][] } {
  const points: Position[] = [];
  const segments: [Position, Position][] = [];
  const line = (ls: Position[]) => {
    ls.forEach((p, i) => {
      points.push(p);
      if (i > 0) segments.push([ls[i - 1]!, p]);
    });
  };
  switch (g.type) {
    case 'Point': points.push(g.coordinates); break;
    case 'MultiPoint': points.push(...g.coordinates); break;
    case 'LineString': line(g.coordinates); break;
    case 'MultiLineString': g.coordinates.forEach(line); break;
    case 'Polygon': g.coordinates.forEach(line); break;
    case 'MultiPolygon': g.coordinates.forEach((p) => p.forEach(line)); break;
    case 'GeometryCollection': for (const c of g.geometries) { const r = partsOf(c); points.push(...r.points); segments.push(...r.segments); } break;
  }
  return { points, segments };
}

/**
 * Planar distance (metres) between two geometries: 0 when they touch, overlap or one contains
 * the other; otherwise the shortest vertex-to-segment distance (for two disjoint shapes the
 * shortest distance is always attained at a vertex of one of them).
 */
export function planarDistance(a: Geometry, b: Geometry): number {
  if (booleanIntersects(a, b)) return 0;
  const pa = partsOf(a);
  const pb = partsOf(b);
  let best = Infinity;
  const scan = (points: Position[], segments: [Position, Position][]) => {
    for (const p of points) {
      for (const [s, t] of segments) {
        const d = pointSegmentDistance(p, s, t);
        if (d < best) best = d;
      }
    }
  };
  scan(pa.points, pb.segments);
  scan(pb.points, pa.segments);
  if (pb.segments.length === 0 && pa.segments.length === 0) {
    for (const p of pa.points) for (const q of pb.points) best = Math.min(best, Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!));
  }
  return best;
}

/** True when a geometry has at least one finite coordinate pair and a known type. */
export function isUsableGeometry(g: unknown): g is Geometry {
  if (!g || typeof g !== 'object') return false;
  const geom = g as Geometry;
  try {
    const { points } = partsOf(geom);
    return points.length > 0 && points.every(finitePosition);
  } catch {
    return false;
  }
}
