/**
 * District shapes for the geometry editor: the union of chosen districts (DistrictPicker) and a
 * snapping index of their border vertices (snapping while drawing). Pure.
 */
import { union, featureCollection, feature } from '@turf/turf';

type Shape = GeoJSON.Polygon | GeoJSON.MultiPolygon;
export interface ShapeFeature {
  geometry: GeoJSON.Geometry | null;
}

function isShape(g: GeoJSON.Geometry | null): g is Shape {
  return g !== null && (g.type === 'Polygon' || g.type === 'MultiPolygon');
}

/** The union of the shapes (a Polygon when they touch, else a MultiPolygon); null when none has a shape. */
export function unionShapes(features: ShapeFeature[]): Shape | null {
  const shapes = features.map((f) => f.geometry).filter(isShape);
  if (shapes.length === 0) return null;
  const u = shapes.length === 1 ? shapes[0]! : union(featureCollection(shapes.map((g) => feature(g))))?.geometry;
  if (!u) return null;
  // A multipolygon of one part (PC4 areas come so) is that polygon: it fits a one-part session.
  return u.type === 'MultiPolygon' && u.coordinates.length === 1 ? { type: 'Polygon', coordinates: u.coordinates[0]! } : u;
}

/** All border vertices of the shapes as a flat [lon0, lat0, lon1, lat1, ...] array. */
export function borderVertices(features: ShapeFeature[]): Float64Array {
  const out: number[] = [];
  const ring = (r: GeoJSON.Position[]) => {
    for (const p of r) out.push(p[0]!, p[1]!);
  };
  for (const f of features) {
    const g = f.geometry;
    if (!isShape(g)) continue;
    if (g.type === 'Polygon') g.coordinates.forEach(ring);
    else g.coordinates.forEach((poly) => poly.forEach(ring));
  }
  return Float64Array.from(out);
}

/**
 * The vertex nearest to the pointer within maxPx pixels, or undefined. `project` maps
 * [lon, lat] to screen pixels; vertices outside the lon/lat box `box` are skipped cheaply.
 */
export function nearestVertex(
  vertices: Float64Array,
  pointer: { x: number; y: number },
  maxPx: number,
  project: (lon: number, lat: number) => { x: number; y: number },
  box: { minLon: number; minLat: number; maxLon: number; maxLat: number },
): [number, number] | undefined {
  let best: [number, number] | undefined;
  let bestD = maxPx * maxPx;
  for (let i = 0; i < vertices.length; i += 2) {
    const lon = vertices[i]!;
    const lat = vertices[i + 1]!;
    if (lon < box.minLon || lon > box.maxLon || lat < box.minLat || lat > box.maxLat) continue;
    const p = project(lon, lat);
    const d = (p.x - pointer.x) ** 2 + (p.y - pointer.y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = [lon, lat];
    }
  }
  return best;
}
