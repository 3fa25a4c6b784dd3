/**
 * Optimized hot spot analysis for incident points: the study area, cell size and distance band
 * are derived from the data, then Getis-Ord Gi* (gistar.ts) runs with the FDR correction.
 *
 * Method, following ArcGIS "How Optimized Hot Spot Analysis works"
 * (https://pro.arcgis.com/en/pro-app/latest/tool-reference/spatial-statistics/how-optimized-hot-spot-analysis-works.htm)
 * and "Incremental Spatial Autocorrelation"
 * (https://pro.arcgis.com/en/pro-app/latest/tool-reference/spatial-statistics/incremental-spatial-autocorrelation.htm)
 * where they fit a fixed RD grid. This module is the pipeline; each step's rule is in its module:
 *
 * 1. Initial assessment: at least MIN_INCIDENTS (30, as ArcGIS asks) incidents, else no cell is
 *    rated (`rated: false`, warning `too-few`).
 * 2. Study area (study-area.ts): only cells whose centre lies inside the study-area polygons,
 *    plus every cell that holds an incident, exist; cells outside are unknown (left out of n, x̄,
 *    s, the neighbours and the FDR ranking), not zero.
 * 3. Cell size (cell-size.ts): twice the median nearest-neighbour distance of the incidents,
 *    rounded to 50 m and clamped to [50, 500] m.
 * 4. Distance band (distance-band.ts): incremental spatial autocorrelation, the first significant
 *    peak of Moran's I z-scores, else an average-neighbour target.
 * 5. Gi* with the Benjamini-Hochberg FDR correction (gistar.ts).
 *
 * Manual cell size or band replace steps 3 or 4; a manual band shorter than the cell size gives
 * no cell a neighbour (`neighbourless`), which callers refuse. The Dutch reasons for the chosen
 * parameters are in parameter-description.ts.
 */
import { chooseCellSize, MIN_CELL, type CellSizeReason } from './cell-size.js';
import { chooseDistanceBand, type BandReason, type IsaStep } from './distance-band.js';
import { giStar, type GiStarResult } from './gistar.js';
import { gridCounts, type Extent, type Grid, type PointsInput } from './grid.js';
import { polygonMask, type Polygons } from './study-area.js';

export const MIN_INCIDENTS = 30;

export type OptimizedWarning = 'too-few' | 'neighbourless' | 'isolated-cells' | 'constant';

export interface OptimizedOptions {
  /** Region to grid (gemeente or district bounding box), RD metres; default the points' bounding box. */
  extent?: Extent | null;
  /** Study-area polygons (RD); default: the whole extent. */
  studyArea?: Polygons | null;
  /** Manual cell size, metres; default chosen from the data. */
  cellSize?: number | null;
  /** Smallest cell the data-driven choice may pick (e.g. 100 m for aggregate-only callers); default MIN_CELL. */
  minCellSize?: number;
  /** Manual distance band, metres; default from incremental spatial autocorrelation. */
  band?: number | null;
  /** BH FDR correction (default true). */
  fdr?: boolean;
  minIncidents?: number;
  maxCells?: number;
}

export interface OptimizedParameters {
  method: 'optimized' | 'manual';
  cellSize: number;
  cellSizeReason: CellSizeReason;
  /** Median nearest-neighbour distance of distinct incident locations, metres (null when unknown/unused). */
  nearestNeighbour: number | null;
  distanceBand: number;
  bandReason: BandReason;
  /** The ISA series the band came from (empty with a manual band or too few incidents). */
  isa: IsaStep[];
  /** Average-neighbour target K of the no-peak rule (null when not used). */
  targetNeighbours: number | null;
  neighbours: { min: number; mean: number };
  /** Incidents counted in the grid. */
  incidents: number;
  /** Cells in the study area (the n of Gi*). */
  cells: number;
  fdr: boolean;
  /** False when no cell was rated (too few incidents, no neighbours, constant counts). */
  rated: boolean;
  warnings: OptimizedWarning[];
}

export interface OptimizedResult {
  grid: Grid;
  /** Study-area mask (1 = cell exists); null = every cell of the grid. */
  mask: Uint8Array | null;
  gi: GiStarResult | null;
  parameters: OptimizedParameters;
}

/** Runs the optimized (or partly manual) hot spot analysis described in the module header. */
export function optimizedHotSpots(points: PointsInput, options: OptimizedOptions): OptimizedResult {
  const minIncidents = options.minIncidents ?? MIN_INCIDENTS;
  const fdr = options.fdr ?? true;
  const manualCell = options.cellSize ?? null;
  const manualBand = options.band ?? null;
  const warnings: OptimizedWarning[] = [];

  const chosen = manualCell === null ? chooseCellSize(points, { min: Math.max(MIN_CELL, options.minCellSize ?? MIN_CELL) }) : { cellSize: manualCell, reason: 'manual' as const, nearestNeighbour: null };
  const grid = gridCounts(points, {
    cellSize: chosen.cellSize,
    ...(options.extent ? { extent: options.extent } : {}),
    ...(options.maxCells ? { maxCells: options.maxCells } : {}),
  });
  let mask: Uint8Array | null = null;
  if (options.studyArea) {
    mask = polygonMask(grid, options.studyArea);
    for (let i = 0; i < mask.length; i++) if (grid.counts[i]! > 0) mask[i] = 1;
  }
  let cells = 0;
  if (mask) for (let i = 0; i < mask.length; i++) cells += mask[i]!;
  else cells = grid.nx * grid.ny;
  const incidents = grid.total;
  const tooFew = incidents < minIncidents;
  if (tooFew) warnings.push('too-few');

  const chosenBand =
    manualBand === null ? chooseDistanceBand(grid, mask, { cells, runIsa: !tooFew }) : { band: manualBand, reason: 'manual' as const, isa: [], targetNeighbours: null };
  const band = chosenBand.band;

  const method = manualCell === null && manualBand === null ? 'optimized' : 'manual';
  const base = {
    method,
    cellSize: grid.cellSize,
    cellSizeReason: chosen.reason,
    nearestNeighbour: chosen.nearestNeighbour,
    distanceBand: band,
    bandReason: chosenBand.reason,
    isa: chosenBand.isa,
    targetNeighbours: chosenBand.targetNeighbours,
    incidents,
    cells,
    fdr,
  } as const;
  if (band < grid.cellSize * (1 - 1e-9)) {
    warnings.push('neighbourless');
    return { grid, mask, gi: null, parameters: { ...base, neighbours: { min: 0, mean: 0 }, rated: false, warnings } };
  }
  const gi = giStar(grid, { band, fdr, mask });
  if (gi.neighbourStats.min === 0) warnings.push('isolated-cells');
  if (gi.constant) warnings.push('constant');
  const rated = !tooFew && !gi.constant;
  if (!rated) {
    gi.bins.fill(0);
  }
  return { grid, mask, gi, parameters: { ...base, neighbours: gi.neighbourStats, rated, warnings } };
}
