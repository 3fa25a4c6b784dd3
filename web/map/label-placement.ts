/**
 * Label placement for the map: which labels to draw, and where, so that no two drawn labels
 * overlap.
 *
 * Greedy by priority, as MapLibre's own symbol placement does (its CollisionIndex keeps symbols in
 * placement order and drops one whose box hits an already placed box): labels are taken from the
 * highest priority down; each tries its offsets in order (the first is its own place, the others
 * alternatives, like MapLibre's `text-variable-anchor`) and takes the first whose box, grown by the
 * padding, is clear of every box kept before it; a label without a free offset is dropped. With
 * at most a few hundred labels on screen a plain loop over the kept boxes is fast enough.
 * Pure: screen boxes in, kept labels out; projecting and measuring happen in the caller
 * (web/map/labels.svelte.ts).
 */

/** A screen-space box in CSS pixels (map container coordinates, y down). */
export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export type Offset = readonly [number, number];

export interface LabelCandidate {
  /** Unique among the candidates; breaks ties of priority, so the input order does not matter. */
  key: string;
  /** Screen point the label belongs to (its box is centred here, then shifted by an offset). */
  anchor: { x: number; y: number };
  /** Size of the label's box in pixels (text plus its chip padding and border). */
  width: number;
  height: number;
  /** Higher wins a collision. */
  priority: number;
  /** Offsets in pixels to try in order; the first is the label's own place. Default: [[0, 0]]. */
  offsets?: readonly Offset[];
}

export interface PlacedLabel<C extends LabelCandidate> {
  candidate: C;
  /** The offset taken (one of the candidate's offsets). */
  offset: Offset;
  /** The label's box at that offset (not grown by the padding). */
  box: Box;
}

const NO_OFFSET: readonly Offset[] = [[0, 0]];

/** Whether two boxes overlap (touching edges do not). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

/** `box` grown by `by` pixels on every side. */
export function growBox(box: Box, by: number): Box {
  return { minX: box.minX - by, minY: box.minY - by, maxX: box.maxX + by, maxY: box.maxY + by };
}

/** The box of a `width` × `height` label centred on `anchor`, shifted by `offset`. */
export function labelBox(anchor: { x: number; y: number }, width: number, height: number, offset: Offset = [0, 0]): Box {
  const x = anchor.x + offset[0];
  const y = anchor.y + offset[1];
  return { minX: x - width / 2, maxX: x + width / 2, minY: y - height / 2, maxY: y + height / 2 };
}

/**
 * The labels to draw: greedily by priority (ties by key), each at its first offset whose box lies
 * at least `padding` pixels from every box kept before it. Candidates whose anchor is not finite
 * (a point behind the camera) are dropped. Returns the kept labels in placement order; no two of
 * their boxes overlap, nor come closer than `padding`.
 */
export function placeLabels<C extends LabelCandidate>(candidates: readonly C[], padding = 0): PlacedLabel<C>[] {
  const order = candidates
    .filter((c) => Number.isFinite(c.anchor.x) && Number.isFinite(c.anchor.y) && Number.isFinite(c.width) && Number.isFinite(c.height))
    .sort((a, b) => b.priority - a.priority || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const kept: PlacedLabel<C>[] = [];
  // Each kept box grown by the whole padding; a candidate's own box must not overlap it.
  const taken: Box[] = [];
  for (const c of order) {
    for (const offset of c.offsets?.length ? c.offsets : NO_OFFSET) {
      const box = labelBox(c.anchor, c.width, c.height, offset);
      if (taken.some((t) => boxesOverlap(t, box))) continue;
      kept.push({ candidate: c, offset, box });
      taken.push(growBox(box, padding));
      break;
    }
  }
  return kept;
}
