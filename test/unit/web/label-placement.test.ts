import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boxesOverlap, growBox, placeLabels, type LabelCandidate } from '../../../web/map/label-placement.js';

/** A 40 × 10 label at (x, y). */
function label(key: string, x: number, y: number, priority: number, extra: Partial<LabelCandidate> = {}): LabelCandidate {
  return { key, anchor: { x, y }, width: 40, height: 10, priority, ...extra };
}
const keys = (placed: { candidate: LabelCandidate }[]) => placed.map((p) => p.candidate.key);

describe('label placement', () => {
  it('keeps the higher priority of two overlapping labels', () => {
    const placed = placeLabels([label('low', 100, 100, 1), label('high', 110, 104, 5)]);
    expect(keys(placed)).toEqual(['high']);
    expect(placed[0]!.box).toEqual({ minX: 90, maxX: 130, minY: 99, maxY: 109 });
    expect(placed[0]!.offset).toEqual([0, 0]);
  });

  it('keeps both labels when they are apart, and when their edges only touch', () => {
    expect(keys(placeLabels([label('a', 100, 100, 1), label('b', 300, 100, 1)]))).toEqual(['a', 'b']);
    expect(keys(placeLabels([label('a', 100, 100, 1), label('b', 140, 100, 1)]))).toEqual(['a', 'b']);
  });

  it('keeps a padding between kept labels', () => {
    // 4 px apart: clear without padding, too close with 5 px.
    expect(keys(placeLabels([label('a', 100, 100, 2), label('b', 144, 100, 1)], 0))).toEqual(['a', 'b']);
    expect(keys(placeLabels([label('a', 100, 100, 2), label('b', 144, 100, 1)], 5))).toEqual(['a']);
  });

  it('uses an alternative offset when the first place is taken', () => {
    const placed = placeLabels([
      label('chip', 100, 100, 10),
      label('name', 100, 100, 1, {
        offsets: [
          [0, 0],
          [0, -8], // still overlaps the chip's box
          [0, 20],
        ],
      }),
    ]);
    expect(keys(placed)).toEqual(['chip', 'name']);
    expect(placed[1]!.offset).toEqual([0, 20]);
    expect(placed[1]!.box).toEqual({ minX: 80, maxX: 120, minY: 115, maxY: 125 });
  });

  it('takes the first offset that is free, and drops a label with none free', () => {
    const offsets = [[0, 0], [0, 20]] as const;
    const placed = placeLabels([label('a', 100, 100, 3), label('b', 100, 100, 2, { offsets }), label('c', 100, 100, 1, { offsets })]);
    expect(keys(placed)).toEqual(['a', 'b']);
    expect(placed[1]!.offset).toEqual([0, 20]);
  });

  it('breaks ties by key, whatever the input order', () => {
    const a = label('zone-2', 100, 100, 7);
    const b = label('zone-10', 105, 100, 7);
    const c = label('zone-3', 400, 100, 7);
    expect(keys(placeLabels([a, b, c]))).toEqual(['zone-10', 'zone-3']);
    expect(keys(placeLabels([c, b, a]))).toEqual(['zone-10', 'zone-3']);
    expect(keys(placeLabels([b, c, a]))).toEqual(['zone-10', 'zone-3']);
  });

  it('drops a label whose anchor is not finite (behind the camera)', () => {
    expect(keys(placeLabels([label('nan', Number.NaN, 1, 9), label('ok', 10, 10, 1)]))).toEqual(['ok']);
  });

  it('never keeps two overlapping labels, and drops a label only where every offset is taken', () => {
    const arb = fc.array(
      fc.record({
        x: fc.integer({ min: 0, max: 300 }),
        y: fc.integer({ min: 0, max: 300 }),
        w: fc.integer({ min: 1, max: 80 }),
        h: fc.integer({ min: 1, max: 20 }),
        priority: fc.integer({ min: 0, max: 3 }),
        offsets: fc.array(fc.tuple(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 })), { maxLength: 3 }),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 4 }), (specs, padding) => {
        const cands = specs.map((s, i): LabelCandidate => ({ key: `k${i}`, anchor: { x: s.x, y: s.y }, width: s.w, height: s.h, priority: s.priority, offsets: s.offsets }));
        const placed = placeLabels(cands, padding);
        for (let i = 0; i < placed.length; i++)
          for (let j = i + 1; j < placed.length; j++) expect(boxesOverlap(growBox(placed[i]!.box, padding), placed[j]!.box)).toBe(false);
        const keptKeys = new Set(keys(placed));
        for (const c of cands) {
          if (keptKeys.has(c.key)) continue;
          for (const [dx, dy] of c.offsets?.length ? c.offsets : [[0, 0] as const]) {
            const box = { minX: c.anchor.x + dx - c.width / 2, maxX: c.anchor.x + dx + c.width / 2, minY: c.anchor.y + dy - c.height / 2, maxY: c.anchor.y + dy + c.height / 2 };
            expect(placed.some((p) => boxesOverlap(growBox(p.box, padding), box))).toBe(true);
          }
        }
      }),
    );
  });
});
