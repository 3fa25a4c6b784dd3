/**
 * Square-cell counting grid in RD New (EPSG:28992) metres.
 *
 * Method: fixed-origin binning (the "fishnet" of ArcGIS Create Fishnet / Optimized Hot Spot
 * Analysis aggregation, or a 2-D histogram): cell edges lie on multiples of the cell size in RD
 * coordinates, so grids of different inputs with the same cell size line up cell for cell.
 * Cells are half-open, [x0, x0 + size) × [y0, y0 + size); a point exactly on an edge belongs to
 * the cell on its right/top side. The grid derived from points spans their bounding box snapped
 * outward to cell multiples, so a point on the bounding box's maximum edge (x = 200 with 100 m
 * cells) gets its own column [200, 300).
 *
 * Layout: row-major, `index = iy * nx + ix`, row 0 is the SOUTHERNMOST row (y grows with iy),
 * unlike image rasters.
 */

/** Cell sizes offered in the UI (metres). Any positive size works. */
export const CELL_SIZES = [100, 250, 500] as const;
export const DEFAULT_CELL_SIZE = 100;
/** Refuse grids larger than this many cells unless `maxCells` is raised (memory guard). */
export const DEFAULT_MAX_CELLS = 20_000_000;

/** Axis-aligned rectangle in RD metres. */
export interface Extent {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Points as two coordinate arrays (preferred: Float64Array) or as objects. */
export type PointsInput =
  | { xs: ArrayLike<number>; ys: ArrayLike<number> }
  | ReadonlyArray<{ readonly x: number; readonly y: number }>;

/** Geometry of a grid: where cell (ix, iy) lies. */
export interface GridSpec {
  /** Cell edge length, metres. */
  cellSize: number;
  /** RD x of the west edge of column 0 (a multiple of cellSize). */
  originX: number;
  /** RD y of the south edge of row 0 (a multiple of cellSize). */
  originY: number;
  /** Number of columns. */
  nx: number;
  /** Number of rows. */
  ny: number;
}

/** A grid of (weighted) point counts. */
export interface Grid extends GridSpec {
  /** Row-major counts (sum of weights) per cell, length nx * ny. */
  counts: Float64Array;
  /** Sum of the counted weights (number of points when unweighted). */
  total: number;
  /** Points not counted: outside an explicit extent. */
  outside: number;
  /** Points not counted: non-finite coordinate or weight. */
  invalid: number;
}

export interface GridOptions {
  /** Cell size in metres (default 100). */
  cellSize?: number;
  /**
   * Region to cover, half-open [minX, maxX) × [minY, maxY), snapped outward to cell multiples.
   * Points outside it are not counted (see `Grid.outside`). Default: the points' bounding box
   * (closed), snapped outward.
   */
  extent?: Extent;
  /** Weight per point (aoristic fractions, fractional counts); default 1. */
  weights?: ArrayLike<number>;
  /** Memory guard, default 20 million cells; a larger grid throws a RangeError. */
  maxCells?: number;
}

/** Normalises a PointsInput to coordinate arrays without copying typed arrays. */
export function pointArrays(points: PointsInput): { xs: ArrayLike<number>; ys: ArrayLike<number>; n: number } {
  if (Array.isArray(points)) {
    const arr = points as ReadonlyArray<{ x: number; y: number }>;
    const n = arr.length;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = arr[i]!;
      xs[i] = p.x;
      ys[i] = p.y;
    }
    return { xs, ys, n };
  }
  const { xs, ys } = points as { xs: ArrayLike<number>; ys: ArrayLike<number> };
  if (xs.length !== ys.length) throw new RangeError(`xs and ys differ in length (${xs.length} vs ${ys.length})`);
  return { xs, ys, n: xs.length };
}

function checkCellSize(cellSize: number): void {
  if (!(cellSize > 0) || !Number.isFinite(cellSize)) throw new RangeError(`cell size must be a positive number, got ${cellSize}`);
}

/** Bounding box of the finite points, or null when there are none. */
export function boundingBox(points: PointsInput): Extent | null {
  const { xs, ys, n } = pointArrays(points);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return minX === Infinity ? null : { minX, minY, maxX, maxY };
}

/**
 * Grid geometry covering a region, snapped outward to multiples of `cellSize`.
 * With `closed: false` (default) the region is half-open [min, max): max on a multiple adds no
 * cell (0..1000 with 100 m -> 10 columns). With `closed: true` the max edge itself must lie in a
 * cell (0..1000 -> 11 columns), which is what a bounding box of points needs.
 * A degenerate region (min = max) always yields at least one cell.
 */
export function gridSpecFor(extent: Extent, cellSize: number = DEFAULT_CELL_SIZE, closed = false, maxCells = DEFAULT_MAX_CELLS): GridSpec {
  checkCellSize(cellSize);
  const { minX, minY, maxX, maxY } = extent;
  if (![minX, minY, maxX, maxY].every(Number.isFinite) || maxX < minX || maxY < minY) {
    throw new RangeError(`invalid extent ${JSON.stringify(extent)}`);
  }
  const ix0 = Math.floor(minX / cellSize);
  const iy0 = Math.floor(minY / cellSize);
  const ix1 = closed ? Math.floor(maxX / cellSize) + 1 : Math.ceil(maxX / cellSize);
  const iy1 = closed ? Math.floor(maxY / cellSize) + 1 : Math.ceil(maxY / cellSize);
  const nx = Math.max(1, ix1 - ix0);
  const ny = Math.max(1, iy1 - iy0);
  if (nx * ny > maxCells) {
    throw new RangeError(`grid of ${nx} x ${ny} cells exceeds the limit of ${maxCells} cells`);
  }
  return { cellSize, originX: ix0 * cellSize, originY: iy0 * cellSize, nx, ny };
}

/** Index of the cell containing (x, y), or -1 when outside the grid or not finite. */
export function cellIndexOf(spec: GridSpec, x: number, y: number): number {
  const ix = Math.floor(x / spec.cellSize) - Math.round(spec.originX / spec.cellSize);
  const iy = Math.floor(y / spec.cellSize) - Math.round(spec.originY / spec.cellSize);
  if (!(ix >= 0 && ix < spec.nx && iy >= 0 && iy < spec.ny)) return -1;
  return iy * spec.nx + ix;
}

/** Bounds of cell `index` (row-major), RD metres; the cell is [minX, maxX) × [minY, maxY). */
export function cellBounds(spec: GridSpec, index: number): Extent {
  const ix = index % spec.nx;
  const iy = Math.floor(index / spec.nx);
  const minX = spec.originX + ix * spec.cellSize;
  const minY = spec.originY + iy * spec.cellSize;
  return { minX, minY, maxX: minX + spec.cellSize, maxY: minY + spec.cellSize };
}

/** Centre of cell `index`, RD metres. */
export function cellCentre(spec: GridSpec, index: number): { x: number; y: number } {
  const ix = index % spec.nx;
  const iy = Math.floor(index / spec.nx);
  return { x: spec.originX + (ix + 0.5) * spec.cellSize, y: spec.originY + (iy + 0.5) * spec.cellSize };
}

/**
 * Counts points per grid cell.
 * Without `extent` the grid spans the points' bounding box snapped outward (closed: a point on
 * the max edge gets its own cell); with `extent` the half-open extent is snapped outward and
 * points outside it are skipped. Non-finite points/weights are skipped (`invalid`). With no
 * valid points and no extent the grid has nx = ny = 0.
 * O(n) time, one Float64Array of nx·ny cells.
 */
export function gridCounts(points: PointsInput, options: GridOptions = {}): Grid {
  const cellSize = options.cellSize ?? DEFAULT_CELL_SIZE;
  checkCellSize(cellSize);
  const { xs, ys, n } = pointArrays(points);
  const weights = options.weights;
  if (weights && weights.length !== n) throw new RangeError(`weights length ${weights.length} differs from ${n} points`);
  let spec: GridSpec;
  if (options.extent) {
    spec = gridSpecFor(options.extent, cellSize, false, options.maxCells);
  } else {
    const bbox = boundingBox({ xs, ys });
    if (!bbox) {
      return { cellSize, originX: 0, originY: 0, nx: 0, ny: 0, counts: new Float64Array(0), total: 0, outside: 0, invalid: n };
    }
    spec = gridSpecFor(bbox, cellSize, true, options.maxCells);
  }
  const { nx, ny } = spec;
  const counts = new Float64Array(nx * ny);
  const ox = Math.round(spec.originX / cellSize);
  const oy = Math.round(spec.originY / cellSize);
  let total = 0;
  let outside = 0;
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    const w = weights ? weights[i]! : 1;
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(w)) {
      invalid++;
      continue;
    }
    const ix = Math.floor(x / cellSize) - ox;
    const iy = Math.floor(y / cellSize) - oy;
    if (ix < 0 || ix >= nx || iy < 0 || iy >= ny) {
      outside++;
      continue;
    }
    counts[iy * nx + ix]! += w;
    total += w;
  }
  return { ...spec, counts, total, outside, invalid };
}
