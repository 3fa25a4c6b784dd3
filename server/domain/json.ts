/**
 * JSON nesting depth, measured without recursion. V8's JSON.parse copes with deeply nested text,
 * but recursive consumers (zod, JSON.stringify, PostGIS' GeoJSON reader) overflow the stack on
 * 50,000 levels; every JSON input is checked with this before it reaches them.
 */

/** Deepest nesting any JSON input of the API or an importer may have (GeoJSON needs 5). */
export const MAX_JSON_DEPTH = 32;

/**
 * True when `value` (a parsed JSON value) nests arrays/objects deeper than `maxDepth` levels
 * (a scalar is depth 0, `[]` and `{}` depth 1). Iterative, stops at the first too-deep node.
 */
export function exceedsJsonDepth(value: unknown, maxDepth = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > maxDepth) return true;
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) stack.push([item, d + 1]);
    } else {
      for (const key in v) {
        const item = (v as Record<string, unknown>)[key];
        if (typeof item === 'object' && item !== null) stack.push([item, d + 1]);
      }
    }
  }
  return false;
}

/**
 * Whether a parsed JSON value holds a NUL character (U+0000) in any string or key. PostgreSQL
 * cannot store one in text (22021), so input with one is refused at the edge. Iterative, like
 * exceedsJsonDepth, so deep input cannot overflow the stack.
 */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      for (const key in v) {
        if (key.includes('\u0000')) return true;
        stack.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}
