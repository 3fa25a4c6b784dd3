/**
 * Colours of the near-repeat layers and the Knox table. Pure functions.
 *
 * Zones get a countdown colour: a zone with (almost) its whole risk window ahead is strong red,
 * one that is about to expire is pale. Knox cells that are significant (NRC criterion) are
 * coloured by their Knox ratio; other cells stay neutral.
 */

export type Rgb = [number, number, number];

/** Countdown stops, from "expires today" (0) to "whole window left" (1). */
export const COUNTDOWN_STOPS: readonly { at: number; color: Rgb }[] = [
  { at: 0, color: [254, 237, 222] },
  { at: 0.25, color: [253, 190, 133] },
  { at: 0.5, color: [253, 141, 60] },
  { at: 0.75, color: [230, 85, 13] },
  { at: 1, color: [166, 24, 24] },
];

export function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/** Colour at fraction t (0..1) of a stop list, linear between stops. */
export function rampColor(stops: readonly { at: number; color: Rgb }[], t: number): Rgb {
  const x = clamp01(t);
  for (let i = 1; i < stops.length; i++) {
    const hi = stops[i]!;
    const lo = stops[i - 1]!;
    if (x <= hi.at) {
      const f = hi.at === lo.at ? 0 : (x - lo.at) / (hi.at - lo.at);
      return [Math.round(lerp(lo.color[0], hi.color[0], f)), Math.round(lerp(lo.color[1], hi.color[1], f)), Math.round(lerp(lo.color[2], hi.color[2], f))];
    }
  }
  return [...stops[stops.length - 1]!.color];
}

/**
 * Fraction of the risk window still ahead: daysLeft / days, clamped to 0..1. A zone that
 * expires at the end of the reference day (daysLeft 0) is 0; a window of 0 days counts as 0.
 */
export function countdownFraction(daysLeft: number, days: number): number {
  if (!(days > 0)) return 0;
  return clamp01(daysLeft / days);
}

export function countdownColor(daysLeft: number, days: number): Rgb {
  return rampColor(COUNTDOWN_STOPS, countdownFraction(daysLeft, days));
}

/** Fill opacity of a zone: 0.38 when it expires, up to 0.78 with the whole window ahead. */
export function zoneOpacity(daysLeft: number, days: number): number {
  return Math.round((0.38 + 0.4 * countdownFraction(daysLeft, days)) * 100) / 100;
}

/** Darker outline of a fill colour (same hue), for the zone border. */
export function darken(c: Rgb, f = 0.62): Rgb {
  return [Math.round(c[0] * f), Math.round(c[1] * f), Math.round(c[2] * f)];
}

export function hex(c: Rgb): string {
  return '#' + c.map((v) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0')).join('');
}

/** CSS linear-gradient of the countdown scale, left = expiring, right = whole window left. */
export function countdownGradient(): string {
  return `linear-gradient(to right, ${COUNTDOWN_STOPS.map((s) => `${hex(s.color)} ${Math.round(s.at * 100)}%`).join(', ')})`;
}

/** Legend ticks (days left) for a window of `days` days: 0, about half, and the full window. */
export function countdownTicks(days: number): number[] {
  if (!(days > 0)) return [0];
  const d = Math.round(days);
  const mid = Math.round(d / 2);
  return [...new Set([0, mid, d])];
}

// ------------------------------------------------------------------------------------------
// Knox table

export const SIGNIFICANCE_ALPHA = 0.05;
export const SIGNIFICANCE_MIN_RATIO = 1.2;

/** NRC criterion: p <= 0.05 and Knox ratio >= 1.2. */
export function isSignificant(ratio: number | null | undefined, p: number | null | undefined): boolean {
  return ratio !== null && ratio !== undefined && p !== null && p !== undefined && p <= SIGNIFICANCE_ALPHA && ratio >= SIGNIFICANCE_MIN_RATIO;
}

/** Ratio classes for significant cells, as in the NRC's coloured output. */
export const KNOX_CLASSES: readonly { min: number; color: string; text: string; label: string }[] = [
  { min: 1.2, color: '#fdd49e', text: '#3d2a00', label: '1,2 – 1,5' },
  { min: 1.5, color: '#fc8d59', text: '#2b1200', label: '1,5 – 2' },
  { min: 2, color: '#d7301f', text: '#ffffff', label: '2 – 3' },
  { min: 3, color: '#7f0000', text: '#ffffff', label: '3 of meer' },
];

/** Background and text colour of a Knox cell; null when the cell is not significant. */
export function knoxCellColor(ratio: number | null | undefined, p: number | null | undefined): { background: string; color: string } | null {
  if (!isSignificant(ratio, p)) return null;
  let cls = KNOX_CLASSES[0]!;
  for (const c of KNOX_CLASSES) if (ratio! >= c.min) cls = c;
  return { background: cls.color, color: cls.text };
}

/** Relative luminance (WCAG) of an sRGB colour, 0..1. */
export function luminance(c: Rgb): number {
  const ch = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
}

/** Readable text colour on a background: near-black on light colours, white on dark ones. */
export function textOn(c: Rgb): Rgb {
  return luminance(c) > 0.35 ? [40, 20, 10] : [255, 255, 255];
}
