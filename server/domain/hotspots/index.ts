/**
 * Burglary hotspot analysis: pure functions, RD New metres, no I/O and no clock.
 *
 * - grid: fixed-origin cell counts (fishnet binning)
 * - kde: quartic kernel density (Silverman 1986 / ArcGIS Kernel Density)
 * - gistar: Getis-Ord Gi* hot spots (Ord & Getis 1995 / ArcGIS Hot Spot Analysis), BH FDR
 * - moran: global Moran's I (Cliff & Ord 1981; spdep moran.test)
 * - optimized: the optimized hot spot pipeline (ArcGIS Optimized Hot Spot Analysis) over
 *   study-area (polygon mask), cell-size (nearest-neighbour spacing) and distance-band
 *   (incremental spatial autocorrelation); parameter-description and parameter-sentence say
 *   the chosen parameters in Dutch
 * - aoristic: weekday × hour hot times (Ratcliffe & McCullagh 1998)
 * - rates: rates per 1,000 dwellings with period comparisons
 * - normal, time: helpers (Cody's erfc; Europe/Amsterdam offsets)
 */
export * from './grid.js';
export * from './kde.js';
export * from './gistar.js';
export * from './moran.js';
export * from './study-area.js';
export * from './cell-size.js';
export * from './distance-band.js';
export * from './optimized.js';
export * from './parameter-description.js';
export { parameterSentence } from './parameter-sentence.js';
export * from './aoristic.js';
export * from './rates.js';
export * from './normal.js';
export * from './time.js';
