/**
 * The selection across a level switch. One rule: the selection becomes the district of the new
 * level that covers the same ground — its parent (a wijk -> its stadsdeel, a buurt -> its wijk)
 * or its only child (a stadsdeel of one wijk -> that wijk); otherwise it is cleared. Postcode
 * areas do not nest with the CBS levels, so a switch to or from them clears the selection.
 */
import type { DistrictCollection, DistrictLevel } from '../api/client.js';

/** The nesting of the CBS levels, coarse to fine. */
const NESTED: DistrictLevel[] = ['gemeente', 'stadsdeel', 'wijk', 'buurt'];

type Fetch = (level: DistrictLevel) => Promise<DistrictCollection>;

/** The code at level `to` that covers district `code` of level `from`, or null. Pure apart from `get`. */
export async function mapSelection(code: string, from: DistrictLevel, to: DistrictLevel, get: Fetch): Promise<string | null> {
  const a = NESTED.indexOf(from);
  const b = NESTED.indexOf(to);
  if (a < 0 || b < 0 || a === b) return a === b && a >= 0 ? code : null;
  let current: string | null = code;
  if (b < a) {
    // Up: follow parent codes.
    for (let i = a; i > b && current; i--) {
      const fc = await get(NESTED[i]!);
      current = fc.features.find((f) => f.properties.code === current)?.properties.parentCode ?? null;
    }
    return current;
  }
  // Down: only while each district has exactly one child.
  for (let i = a + 1; i <= b && current; i++) {
    const fc = await get(NESTED[i]!);
    const parent: string = current;
    const kids = fc.features.filter((f) => f.properties.parentCode === parent);
    current = kids.length === 1 ? kids[0]!.properties.code : null;
  }
  return current;
}
