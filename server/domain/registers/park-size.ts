/**
 * Size class of a holiday park from its capacity. The 2017-2018 Apeldoorn safety plan speaks of
 * "grotere en kleinere parken" without a threshold; the default (50 units, i.e. pitches, chalets
 * or bungalows) is this project's choice, not a legal or published limit, and is a setting
 * (`register:parks` → `largeFromUnits`, `largeFromBeds`). A park is large when it reaches either
 * threshold; unknown capacity gives no class.
 */
export type ParkSizeClass = 'groot' | 'klein';

export const DEFAULT_LARGE_FROM_UNITS = 50;
/** Beds: 4 per unit at the units threshold (a family chalet), also a choice. */
export const DEFAULT_LARGE_FROM_BEDS = 200;

/** 'groot' when units >= largeFromUnits or beds >= largeFromBeds; null when neither is known. */
export function parkSizeClass(
  capacity: { units?: number | null; beds?: number | null } | null | undefined,
  thresholds: { largeFromUnits: number; largeFromBeds: number } = { largeFromUnits: DEFAULT_LARGE_FROM_UNITS, largeFromBeds: DEFAULT_LARGE_FROM_BEDS },
): ParkSizeClass | null {
  const units = capacity?.units ?? null;
  const beds = capacity?.beds ?? null;
  if (units === null && beds === null) return null;
  if ((units !== null && units >= thresholds.largeFromUnits) || (beds !== null && beds >= thresholds.largeFromBeds)) return 'groot';
  return 'klein';
}
