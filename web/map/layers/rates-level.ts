/** The rates endpoint's level for the app's district level (buurt and gemeente fall back to wijk). */
import type { RateLevel } from '../../api/hotspots.js';

export function rateLevelOf(level: string): RateLevel {
  return level === 'stadsdeel' || level === 'postcode' ? level : 'wijk';
}
