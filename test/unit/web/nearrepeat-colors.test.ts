import { describe, expect, it } from 'vitest';
import {
  COUNTDOWN_STOPS,
  countdownColor,
  countdownFraction,
  countdownGradient,
  countdownTicks,
  darken,
  hex,
  isSignificant,
  knoxCellColor,
  KNOX_CLASSES,
  rampColor,
  textOn,
  zoneOpacity,
} from '../../../web/map/layers/nearrepeat-colors.js';

describe('countdown colours of near-repeat zones', () => {
  it('is strongest with the whole window ahead and palest on the last day', () => {
    expect(countdownColor(14, 14)).toEqual(COUNTDOWN_STOPS.at(-1)!.color);
    expect(countdownColor(0, 14)).toEqual(COUNTDOWN_STOPS[0]!.color);
    // Monotone: fewer days left is lighter (higher luminance sum).
    const sums = [14, 10, 7, 3, 1].map((d) => countdownColor(d, 14).reduce((a, b) => a + b, 0));
    for (let i = 1; i < sums.length; i++) expect(sums[i]!).toBeGreaterThan(sums[i - 1]!);
  });

  it('clamps the fraction and treats a zero window as expiring', () => {
    expect(countdownFraction(7, 14)).toBe(0.5);
    expect(countdownFraction(20, 14)).toBe(1);
    expect(countdownFraction(-3, 14)).toBe(0);
    expect(countdownFraction(3, 0)).toBe(0);
    expect(countdownFraction(Number.NaN, 14)).toBe(0);
  });

  it('interpolates linearly between stops', () => {
    const stops = [
      { at: 0, color: [0, 0, 0] as [number, number, number] },
      { at: 1, color: [200, 100, 50] as [number, number, number] },
    ];
    expect(rampColor(stops, 0.5)).toEqual([100, 50, 25]);
    expect(rampColor(stops, 2)).toEqual([200, 100, 50]);
  });

  it('formats hex, outline, gradient and legend ticks', () => {
    expect(hex([255, 0, 16])).toBe('#ff0010');
    expect(darken([100, 200, 50], 0.5)).toEqual([50, 100, 25]);
    expect(countdownGradient()).toMatch(/^linear-gradient\(to right, #[0-9a-f]{6} 0%, .* 100%\)$/);
    expect(countdownTicks(14)).toEqual([0, 7, 14]);
    expect(countdownTicks(1)).toEqual([0, 1]);
    expect(countdownTicks(0)).toEqual([0]);
  });

  it('makes fresh zones more opaque than expiring ones', () => {
    expect(zoneOpacity(14, 14)).toBe(0.78);
    expect(zoneOpacity(0, 14)).toBe(0.38);
    expect(zoneOpacity(7, 14)).toBe(0.58);
  });

  it('picks readable text on badges', () => {
    expect(textOn(COUNTDOWN_STOPS[0]!.color)).toEqual([40, 20, 10]);
    expect(textOn(COUNTDOWN_STOPS.at(-1)!.color)).toEqual([255, 255, 255]);
  });
});

describe('Knox cell significance (NRC criterion p <= 0.05 and ratio >= 1.2)', () => {
  it('flags only cells meeting both conditions, edges included', () => {
    expect(isSignificant(1.2, 0.05)).toBe(true);
    expect(isSignificant(1.19, 0.01)).toBe(false);
    expect(isSignificant(3, 0.051)).toBe(false);
    expect(isSignificant(null, 0.001)).toBe(false);
    expect(isSignificant(2, undefined)).toBe(false);
  });

  it('colours significant cells by ratio class and leaves the others neutral', () => {
    expect(knoxCellColor(1.1, 0.001)).toBeNull();
    expect(knoxCellColor(1.3, 0.01)?.background).toBe(KNOX_CLASSES[0]!.color);
    expect(knoxCellColor(1.5, 0.01)?.background).toBe(KNOX_CLASSES[1]!.color);
    expect(knoxCellColor(2.5, 0.01)?.background).toBe(KNOX_CLASSES[2]!.color);
    expect(knoxCellColor(9.44, 0.01)).toEqual({ background: KNOX_CLASSES[3]!.color, color: '#ffffff' });
  });
});
