/**
 * The KDE grid as one smooth image (pure): the cells (RD-aligned squares, WGS84 polygons from
 * the API) become pixels of an RGBA raster, placed on the map by its four corners. MapLibre
 * then interpolates between pixels (raster-resampling linear), so the density reads as a
 * surface instead of blocks. MapLibre draws an image source as a quad in Web Mercator, so
 * RD → Web Mercator is fitted as an affine map (least squares on the cell centres). Mercator's
 * scale changes with latitude, so over the whole of Apeldoorn (25 × 24 km) the fit is off by up
 * to ~30 m at the far corners of the bounding box and by a few metres around the centre: fine
 * for a surface smoothed with a 200 m kernel (the Gi* cells are drawn as exact polygons).
 */
import { HEAT_MIN_FRACTION, HEAT_STOPS } from './hotspot-colors.js';

export interface KdeCell {
  geometry: { coordinates: number[][][] };
  properties: { x: number; y: number; density: number };
}

/** Mercator mx = a[0] + a[1]·x + a[2]·y, my = b[0] + b[1]·x + b[2]·y (x, y in RD metres; mx, my in radians). */
export interface Affine {
  a: [number, number, number];
  b: [number, number, number];
}

function solve3(m: number[][], v: number[]): [number, number, number] {
  // Cramer's rule on a 3×3 system.
  const det = (q: number[][]) =>
    q[0]![0]! * (q[1]![1]! * q[2]![2]! - q[1]![2]! * q[2]![1]!) -
    q[0]![1]! * (q[1]![0]! * q[2]![2]! - q[1]![2]! * q[2]![0]!) +
    q[0]![2]! * (q[1]![0]! * q[2]![1]! - q[1]![1]! * q[2]![0]!);
  const d = det(m);
  const col = (k: number) => m.map((row, i) => row.map((x, j) => (j === k ? v[i]! : x)));
  return [det(col(0)) / d, det(col(1)) / d, det(col(2)) / d];
}

/** Least-squares affine RD → WGS84 from cell centres; null with fewer than 3 independent cells. */
export function fitAffine(cells: readonly KdeCell[], cellSize: number): Affine | null {
  if (cells.length < 3) return null;
  const x0 = cells[0]!.properties.x;
  const y0 = cells[0]!.properties.y;
  const ata = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const atl = [0, 0, 0];
  const atp = [0, 0, 0];
  for (const c of cells) {
    const ring = c.geometry.coordinates[0]!;
    const n = Math.min(4, ring.length);
    let lng = 0;
    let lat = 0;
    for (let i = 0; i < n; i++) {
      lng += ring[i]![0]!;
      lat += ring[i]![1]!;
    }
    const [mx, my] = toMercator(lng / n, lat / n);
    // Centred on the first cell for numerical stability.
    const row = [1, c.properties.x + cellSize / 2 - x0, c.properties.y + cellSize / 2 - y0];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) ata[i]![j]! += row[i]! * row[j]!;
      atl[i]! += row[i]! * mx;
      atp[i]! += row[i]! * my;
    }
  }
  const a = solve3(ata, atl);
  const b = solve3(ata, atp);
  if (![...a, ...b].every(Number.isFinite)) return null;
  // Back to absolute RD coordinates.
  return {
    a: [a[0] - a[1] * x0 - a[2] * y0, a[1], a[2]],
    b: [b[0] - b[1] * x0 - b[2] * y0, b[1], b[2]],
  };
}

const RAD = Math.PI / 180;
function toMercator(lng: number, lat: number): [number, number] {
  return [lng * RAD, Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2))];
}
function fromMercator(mx: number, my: number): [number, number] {
  return [mx / RAD, (2 * Math.atan(Math.exp(my)) - Math.PI / 2) / RAD];
}

/** RD metres → [lng, lat] through the fitted map. */
export function applyAffine(t: Affine, x: number, y: number): [number, number] {
  return fromMercator(t.a[0] + t.a[1] * x + t.a[2] * y, t.b[0] + t.b[1] * x + t.b[2] * y);
}

function hexRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
const STOPS = HEAT_STOPS.map(([f, c]) => [f, ...hexRgb(c)] as [number, number, number, number]);

/** RGBA of a density fraction (0..1): the heat ramp, fading in above the minimum fraction. */
export function heatRgba(f: number): [number, number, number, number] {
  // Transparent pixels keep the lightest colour, so interpolation does not darken the edges.
  if (!(f >= HEAT_MIN_FRACTION)) return [STOPS[0]![1], STOPS[0]![2], STOPS[0]![3], 0];
  const t = Math.min(1, f);
  let i = 0;
  while (i < STOPS.length - 2 && t > STOPS[i + 1]![0]) i++;
  const [f0, r0, g0, b0] = STOPS[i]!;
  const [f1, r1, g1, b1] = STOPS[i + 1]!;
  const u = (t - f0) / (f1 - f0);
  const alpha = Math.min(1, (t - HEAT_MIN_FRACTION) / 0.12) * 215;
  return [Math.round(r0 + (r1 - r0) * u), Math.round(g0 + (g1 - g0) * u), Math.round(b0 + (b1 - b0) * u), Math.round(alpha)];
}

export interface KdeRaster {
  width: number;
  height: number;
  /** RGBA, rows from north to south. */
  pixels: Uint8ClampedArray;
  /** top-left, top-right, bottom-right, bottom-left as [lng, lat] (MapLibre image source order). */
  corners: [[number, number], [number, number], [number, number], [number, number]];
}

/** The raster of a KDE grid, one pixel per cell plus a transparent border; null when empty. */
export function kdeRaster(cells: readonly KdeCell[], cellSize: number, max: number): KdeRaster | null {
  const t = fitAffine(cells, cellSize);
  if (!t || !(max > 0)) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const c of cells) {
    minX = Math.min(minX, c.properties.x);
    minY = Math.min(minY, c.properties.y);
    maxX = Math.max(maxX, c.properties.x);
    maxY = Math.max(maxY, c.properties.y);
  }
  // One empty cell around, so the surface fades out at the edges.
  minX -= cellSize;
  minY -= cellSize;
  maxX += 2 * cellSize;
  maxY += 2 * cellSize;
  const width = Math.round((maxX - minX) / cellSize);
  const height = Math.round((maxY - minY) / cellSize);
  const pixels = new Uint8ClampedArray(width * height * 4);
  const [r0, g0, b0] = heatRgba(0);
  for (let k = 0; k < pixels.length; k += 4) {
    pixels[k] = r0;
    pixels[k + 1] = g0;
    pixels[k + 2] = b0;
  }
  for (const c of cells) {
    const col = Math.round((c.properties.x - minX) / cellSize);
    const row = height - 1 - Math.round((c.properties.y - minY) / cellSize);
    const [r, g, b, a] = heatRgba(c.properties.density / max);
    const k = (row * width + col) * 4;
    pixels[k] = r;
    pixels[k + 1] = g;
    pixels[k + 2] = b;
    pixels[k + 3] = a;
  }
  return {
    width,
    height,
    pixels,
    corners: [applyAffine(t, minX, maxY), applyAffine(t, maxX, maxY), applyAffine(t, maxX, minY), applyAffine(t, minX, minY)],
  };
}
