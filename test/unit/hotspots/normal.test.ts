import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, twoSidedP } from '../../../server/domain/hotspots/normal.js';

// Reference values: mpmath.erfc at 40 significant digits, printed to 17.
const ERFC_REF: [number, number][] = [
  [-3, 1.9999779095030014],
  [-0.5, 1.5204998778130465],
  [0, 1.0],
  [0.1, 0.88753708398171511],
  [0.3, 0.67137324054087257],
  [0.46875, 0.50738652678206201],
  [0.5, 0.47950012218695346],
  [1, 0.15729920705028513],
  [1.5, 0.033894853524689273],
  [2, 0.0046777349810472658],
  [3, 2.2090496998585441e-5],
  [3.9, 3.4792248597231742e-8],
  [4, 1.5417257900280019e-8],
  [4.5, 1.9661604415428875e-10],
  [5, 1.5374597944280349e-12],
  [6, 2.1519736712498913e-17],
  [8, 1.1224297172982927e-29],
  [10, 2.0884875837625448e-45],
  [15, 7.2129941724512067e-100],
  [20, 5.3958656116079009e-176],
  [26, 5.6631924088561428e-296],
];

describe('erfc (Cody)', () => {
  it.each(ERFC_REF)('erfc(%d) matches mpmath to 1e-14 relative', (x, ref) => {
    expect(Math.abs(erfc(x) - ref) / ref).toBeLessThan(1e-14);
  });

  it('erf is 1 - erfc and odd', () => {
    for (const x of [0.2, 0.7, 1.3, 3.3]) {
      expect(erf(x)).toBeCloseTo(1 - erfc(x), 15);
      expect(erf(-x)).toBe(-erf(x));
    }
    expect(erf(0)).toBe(0);
  });

  it('is 0 beyond the double range and NaN for NaN', () => {
    expect(erfc(27)).toBe(0);
    expect(erfc(-40)).toBe(2);
    expect(erfc(NaN)).toBeNaN();
  });
});

describe('normal distribution', () => {
  it('CDF at known quantiles (mpmath)', () => {
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 15);
    expect(normalCdf(0)).toBe(0.5);
    expect(Math.abs(normalCdf(3) - 0.99865010196836991)).toBeLessThan(1e-15);
    // lower tail keeps relative precision
    expect(Math.abs(normalCdf(-8) - 6.2209605742717841e-16) / 6.2209605742717841e-16).toBeLessThan(1e-13);
  });

  it('two-sided p-values', () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedP(-1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedP(2.5758293035489)).toBeCloseTo(0.01, 13);
    expect(twoSidedP(1.6448536269514722)).toBeCloseTo(0.1, 14);
    expect(twoSidedP(0)).toBe(1);
    expect(twoSidedP(NaN)).toBeNaN();
  });
});
