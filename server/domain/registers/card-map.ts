/**
 * The small map of a park information card as SVG path data: the park, the fire compartments it
 * lies in or near and their access/evacuation routes, projected from RD New metres (EPSG:28992)
 * onto a fixed-size box (north up, equal scale on both axes), plus a scale bar of a round length.
 * Pure: geometries in, strings and numbers out. SVG instead of a MapLibre canvas because the card
 * must print and render to PDF without WebGL or tiles (offline, identical on paper and screen).
 */

export interface RdGeometry {
  type: string;
  coordinates: unknown;
}

export interface CardMapInput {
  park: RdGeometry;
  compartments: { id: string; riskClass: string | null; geometry: RdGeometry }[];
  lines: { kind: 'access' | 'evacuation'; geometry: RdGeometry }[];
  /** Output box in SVG units. */
  width: number;
  height: number;
  /** Margin around the park in metres that is always shown. */
  minMarginMetres?: number;
}

export interface CardMap {
  width: number;
  height: number;
  /** Path data (d) per shape, already projected. */
  park: string;
  /** A point park is drawn as a marker at this position (null for an area). */
  parkPoint: [number, number] | null;
  compartments: { id: string; riskClass: string | null; d: string }[];
  lines: { kind: 'access' | 'evacuation'; d: string }[];
  scaleBar: { metres: number; length: number };
}

type Pt = [number, number];

/** Every coordinate pair of a GeoJSON geometry. */
export function pointsOf(g: RdGeometry): Pt[] {
  const out: Pt[] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') out.push([c[0] as number, c[1] as number]);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(g.coordinates);
  return out;
}

/** Polygon rings / line strings of a geometry, each a list of points. */
function partsOf(g: RdGeometry): Pt[][] {
  const c = g.coordinates as unknown;
  switch (g.type) {
    case 'Polygon':
    case 'MultiLineString':
      return c as Pt[][];
    case 'MultiPolygon':
      return (c as Pt[][][]).flat();
    case 'LineString':
      return [c as Pt[]];
    default:
      return [];
  }
}

/** The largest 1, 2 or 5 × 10^n not above `x`. */
export function roundLength(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  return [5, 2, 1].map((m) => m * p).find((v) => v <= x) ?? p;
}

export function cardMap(input: CardMapInput): CardMap {
  const { width, height } = input;
  const margin = input.minMarginMetres ?? 250;
  // Frame: the park plus a margin, widened to take in the nearby compartments' shapes and routes,
  // but never more than 4 km around the park (a large compartment would shrink the park to a dot).
  const pk = pointsOf(input.park);
  const px = pk.map((p) => p[0]);
  const py = pk.map((p) => p[1]);
  let [x0, y0, x1, y1] = [Math.min(...px) - margin, Math.min(...py) - margin, Math.max(...px) + margin, Math.max(...py) + margin];
  const cap = 4000;
  const [cx0, cy0, cx1, cy1] = [x0 - cap, y0 - cap, x1 + cap, y1 + cap];
  for (const g of [...input.compartments.map((c) => c.geometry), ...input.lines.map((l) => l.geometry)])
    for (const [x, y] of pointsOf(g)) {
      x0 = Math.max(cx0, Math.min(x0, x));
      y0 = Math.max(cy0, Math.min(y0, y));
      x1 = Math.min(cx1, Math.max(x1, x));
      y1 = Math.min(cy1, Math.max(y1, y));
    }
  // 5 % air on each side, so a route ending at the frame does not look cut off.
  const [padX, padY] = [(x1 - x0) * 0.05, (y1 - y0) * 0.05];
  [x0, y0, x1, y1] = [x0 - padX, y0 - padY, x1 + padX, y1 + padY];
  const scale = Math.min(width / (x1 - x0), height / (y1 - y0));
  // Centre the frame in the box.
  const ox = (width - (x1 - x0) * scale) / 2;
  const oy = (height - (y1 - y0) * scale) / 2;
  const proj = ([x, y]: Pt): Pt => [Math.round((ox + (x - x0) * scale) * 10) / 10, Math.round((oy + (y1 - y) * scale) * 10) / 10];
  const path = (g: RdGeometry, close: boolean) =>
    partsOf(g)
      .map((part) => part.map((p, i) => `${i === 0 ? 'M' : 'L'}${proj(p).join(' ')}`).join('') + (close ? 'Z' : ''))
      .join('');
  const metres = roundLength(((x1 - x0) / 4) || 100);
  return {
    width,
    height,
    park: input.park.type === 'Point' ? '' : path(input.park, true),
    parkPoint: input.park.type === 'Point' ? proj(pk[0]!) : null,
    compartments: input.compartments.map((c) => ({ id: c.id, riskClass: c.riskClass, d: path(c.geometry, true) })),
    lines: input.lines.map((l) => ({ kind: l.kind, d: path(l.geometry, false) })),
    scaleBar: { metres, length: Math.round(metres * scale * 10) / 10 },
  };
}
