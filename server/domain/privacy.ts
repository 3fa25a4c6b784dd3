/**
 * Disclosure rules for callers that may see aggregates only (publiek, partner, redacteur): the
 * police publish nothing traceable to a home, so neither do we.
 *
 * - Grid cells are at least 100 m; a cell with 1-4 incidents shows no count (`count: null`);
 *   its Gi* class stays (it is a statistic of the 3x3 neighbourhood, not of the cell alone).
 * - Kernel density: cells of at least 100 m and a bandwidth of at least 200 m; cells whose
 *   density is below that of 5 incidents at the kernel's centre are left out.
 * - Hot times (for a cell or a drawn area) of fewer than 5 incidents: an empty matrix with
 *   `suppressed: true`.
 * - District rates (wijk, stadsdeel, PC4: hundreds to thousands of dwellings each) are shown as
 *   they are; the police publish these counts per buurt (data.politie.nl).
 */

/** Counts 1 .. SUPPRESS_BELOW - 1 are suppressed. */
export const SUPPRESS_BELOW = 5;
export const MIN_AGGREGATE_CELL_M = 100;
export const MIN_AGGREGATE_BANDWIDTH_M = 200;

/** The count to show: null for 1-4 (0 stays 0: nothing to protect). */
export function suppressCount(n: number): number | null {
  return n > 0 && n < SUPPRESS_BELOW ? null : n;
}

/** Lowest KDE density (per km²) shown: SUPPRESS_BELOW incidents at the centre of a quartic kernel of bandwidth h. */
export function minKdeDensity(bandwidthM: number): number {
  return (SUPPRESS_BELOW * 3 * 1e6) / (Math.PI * bandwidthM * bandwidthM);
}
