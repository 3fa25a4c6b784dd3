/**
 * Global Moran's I with binary, symmetric spatial weights (spdep style "B").
 *
 * Method: Moran (1950); moments after Cliff & Ord (1981) "Spatial processes", ch. 2, as computed
 * by R spdep::moran.test and documented for ArcGIS "Spatial Autocorrelation (Global Moran's I)"
 * (https://pro.arcgis.com/en/pro-app/latest/tool-reference/spatial-statistics/h-how-spatial-autocorrelation-moran-s-i-spatial-st.htm):
 *
 *   I    = (n / S0) · Σ_i Σ_j w_ij z_i z_j / Σ_i z_i²,   z_i = x_i − x̄
 *   E[I] = −1 / (n − 1)
 *   S0 = Σ_ij w_ij,  S1 = ½ Σ_ij (w_ij + w_ji)²,  S2 = Σ_i (w_i· + w_·i)²
 *
 * Variance under **randomisation** (the default here, as in spdep moran.test(randomisation =
 * TRUE) and ArcGIS), with b2 = n Σz⁴ / (Σz²)² the sample kurtosis:
 *
 *   Var[I] = [n((n² − 3n + 3) S1 − n S2 + 3 S0²) − b2((n² − n) S1 − 2n S2 + 6 S0²)]
 *            / ((n − 1)(n − 2)(n − 3) S0²) − E[I]²
 *
 * and under **normality** (moran.test(randomisation = FALSE)):
 *
 *   Var[I] = (n² S1 − n S2 + 3 S0²) / ((n² − 1) S0²) − E[I]²
 *
 * z = (I − E[I]) / √Var[I]; p two-sided from the standard normal. For binary symmetric weights
 * S1 = 2·S0 and S2 = 4·Σ_i d_i² with d_i the number of neighbours of i.
 *
 * Degenerate input (n < 4 for randomisation, n < 2 for normality, S0 = 0, all values equal or a
 * non-positive variance) gives I = 0, z = 0, p = 1 and `defined: false`, never NaN.
 */
import { twoSidedP } from './normal.js';

export type MoranVariance = 'randomisation' | 'normality';

/** The sums a Moran's I needs; lets grid code accumulate them without neighbour lists. */
export interface MoranSums {
  /** Number of observations. */
  n: number;
  /** Σ z_i² (z = deviation from the mean). */
  m2: number;
  /** Σ z_i⁴. */
  m4: number;
  /** Σ_i Σ_j w_ij z_i z_j (each symmetric pair counted twice). */
  cross: number;
  /** Σ w_ij. */
  S0: number;
  /** ½ Σ (w_ij + w_ji)². */
  S1: number;
  /** Σ_i (w_i· + w_·i)². */
  S2: number;
}

export interface MoranResult {
  I: number;
  expected: number;
  variance: number;
  z: number;
  p: number;
  n: number;
  /** False when the statistic is undefined (see module header); then I = z = 0 and p = 1. */
  defined: boolean;
}

const UNDEFINED = (n: number): MoranResult => ({ I: 0, expected: n > 1 ? -1 / (n - 1) : 0, variance: 0, z: 0, p: 1, n, defined: false });

/** Moran's I, its moments and z-score from precomputed sums (see module header). */
export function moranFromSums(s: MoranSums, variance: MoranVariance = 'randomisation'): MoranResult {
  const { n, m2, m4, cross, S0, S1, S2 } = s;
  if (n < (variance === 'randomisation' ? 4 : 2) || !(S0 > 0) || !(m2 > 1e-12)) return UNDEFINED(n);
  const I = (n / S0) * (cross / m2);
  const E = -1 / (n - 1);
  const S02 = S0 * S0;
  let v: number;
  if (variance === 'normality') {
    v = (n * n * S1 - n * S2 + 3 * S02) / ((n * n - 1) * S02) - E * E;
  } else {
    const b2 = (n * m4) / (m2 * m2);
    const num = n * ((n * n - 3 * n + 3) * S1 - n * S2 + 3 * S02) - b2 * ((n * n - n) * S1 - 2 * n * S2 + 6 * S02);
    v = num / ((n - 1) * (n - 2) * (n - 3) * S02) - E * E;
  }
  if (!(v > 0)) return { ...UNDEFINED(n), I };
  const z = (I - E) / Math.sqrt(v);
  return { I, expected: E, variance: v, z, p: twoSidedP(z), n, defined: true };
}

/**
 * Global Moran's I of `x` with binary symmetric weights given as neighbour lists
 * (`neighbours[i]` = indices j with w_ij = 1; must be symmetric, no self-neighbours).
 */
export function moranI(x: ArrayLike<number>, neighbours: ReadonlyArray<ArrayLike<number>>, variance: MoranVariance = 'randomisation'): MoranResult {
  const n = x.length;
  if (neighbours.length !== n) throw new RangeError(`neighbours length ${neighbours.length} differs from ${n} values`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  const mean = n > 0 ? sum / n : 0;
  let m2 = 0;
  let m4 = 0;
  let cross = 0;
  let S0 = 0;
  let sumD2 = 0;
  for (let i = 0; i < n; i++) {
    const zi = x[i]! - mean;
    m2 += zi * zi;
    m4 += zi * zi * zi * zi;
    const nb = neighbours[i]!;
    let lag = 0;
    for (let k = 0; k < nb.length; k++) {
      const j = nb[k]!;
      if (j === i) throw new RangeError(`observation ${i} lists itself as neighbour`);
      lag += x[j]! - mean;
    }
    cross += zi * lag;
    S0 += nb.length;
    sumD2 += nb.length * nb.length;
  }
  return moranFromSums({ n, m2, m4, cross, S0, S1: 2 * S0, S2: 4 * sumD2 }, variance);
}
