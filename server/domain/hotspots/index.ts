/**
 * Burglary hotspot analysis: pure functions, RD New metres, no I/O and no clock.
 *
 * - grid: fixed-origin cell counts (fishnet binning)
 * - kde: quartic kernel density (Silverman 1986 / ArcGIS Kernel Density)
 * - gistar: Getis-Ord Gi* hot spots (Ord & Getis 1995 / ArcGIS Hot Spot Analysis), BH FDR
 * - moran: global Moran's I (Cliff & Ord 1981; spdep moran.test)
 * - optimized: study area, data-driven cell size and band (ArcGIS Optimized Hot Spot Analysis)
 * - aoristic: weekday × hour hot times (Ratcliffe & McCullagh 1998)
 * - rates: rates per 1,000 dwellings with period comparisons
 * - normal, time: helpers (Cody's erfc; Europe/Amsterdam offsets)
 */
export * from './grid.js';
export * from './kde.js';
export * from './gistar.js';
export * from './moran.js';
export * from './optimized.js';
export * from './aoristic.js';
export * from './rates.js';
export * from './normal.js';
export * from './time.js';
