/**
 * The map's label registry: the layers that draw text (district names, near-repeat zone chips,
 * cluster counts) register their labels here, and draw only the labels it keeps, at the offset it
 * gives. deck.gl's CollisionFilterExtension would do this on the GPU, but it does not work in the
 * MapboxOverlay, so labels overlapped; this places them on the CPU instead (label-placement.ts)
 * after every map move or zoom (on `moveend`, throttled) and after a layer changes its labels.
 *
 * Label widths come from a canvas `measureText` of the very font the TextLayer draws with (the
 * layers register only after `document.fonts.load` of that font), so the boxes match the glyphs
 * deck.gl lays out from the same font's metrics.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { placeLabels, type Box, type LabelCandidate, type Offset } from './label-placement.js';

export interface MapLabel {
  /** Unique within its owner. */
  id: string;
  text: string;
  /** [lng, lat] the label is centred on (text anchor middle, baseline center). */
  position: [number, number];
  /** Font size in pixels, as the TextLayer's getSize (sizeUnits 'pixels'). */
  size: number;
  /** CSS font family and weight the TextLayer draws with. */
  fontFamily: string;
  fontWeight: number | string;
  /** Room around the text in pixels, [horizontal, vertical]: a chip's padding and border. */
  pad?: [number, number];
  /** Pixel offsets to try in order (the first is the label's own place); default [[0, 0]]. */
  offsets?: Offset[];
  /** Higher wins a collision. */
  priority: number;
}

/** A kept label on the test hook `__vk.labels`. */
export interface KeptLabel {
  owner: string;
  id: string;
  text: string;
  box: Box;
}

/** Pixels kept free between two labels (the district names' white halo is about 3 px). */
const GAP = 4;
/** At most one placement per this many milliseconds. */
const THROTTLE_MS = 100;
const NONE: ReadonlyMap<string, Offset> = new Map();

interface Candidate extends LabelCandidate {
  owner: string;
  label: MapLabel;
}

export class LabelRegistry {
  /** Owner -> id of each kept label -> the offset it is drawn at. An owner's map is replaced only when it changes. */
  #kept = $state.raw<Record<string, ReadonlyMap<string, Offset>>>({});
  readonly #labels = new Map<string, MapLabel[]>();
  readonly #widths = new Map<string, number>();
  readonly #ctx = document.createElement('canvas').getContext('2d');
  #timer: ReturnType<typeof setTimeout> | null = null;
  #last = 0;
  readonly #schedule = () => this.schedule();
  readonly map: MapLibreMap;
  readonly #onPlaced: (kept: KeptLabel[]) => void;

  /** `onPlaced` gets every placement's kept labels with their boxes (the test hook). */
  constructor(map: MapLibreMap, onPlaced: (kept: KeptLabel[]) => void = () => undefined) {
    this.map = map;
    this.#onPlaced = onPlaced;
    map.on('moveend', this.#schedule);
    map.on('resize', this.#schedule);
  }

  /** Replace the labels of one owner (an empty list when its layer is hidden). */
  set(owner: string, labels: MapLabel[]): void {
    if (labels.length === 0 && !this.#labels.has(owner)) return;
    if (labels.length === 0) this.#labels.delete(owner);
    else this.#labels.set(owner, labels);
    this.schedule();
  }

  /** The kept labels of an owner: id -> offset (reactive). */
  kept(owner: string): ReadonlyMap<string, Offset> {
    return this.#kept[owner] ?? NONE;
  }

  /** Place soon: at once after a quiet spell, else at the end of the throttle interval. */
  schedule(): void {
    if (this.#timer !== null) return;
    const wait = Math.max(0, this.#last + THROTTLE_MS - performance.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.place();
    }, wait);
  }

  destroy(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.map.off('moveend', this.#schedule);
    this.map.off('resize', this.#schedule);
  }

  #width(l: MapLabel): number {
    const font = `${l.fontWeight} ${l.size}px ${l.fontFamily}`;
    const key = `${font}\u0000${l.text}`;
    let w = this.#widths.get(key);
    if (w === undefined) {
      // Without a 2D context (never in a browser with WebGL) fall back to 0.6 em per character.
      if (this.#ctx) this.#ctx.font = font;
      w = this.#ctx ? this.#ctx.measureText(l.text).width : l.text.length * l.size * 0.6;
      this.#widths.set(key, w);
    }
    return w;
  }

  place(): void {
    this.#last = performance.now();
    const candidates: Candidate[] = [];
    for (const [owner, labels] of this.#labels)
      for (const l of labels) {
        const p = this.map.project(l.position);
        const [px, py] = l.pad ?? [0, 0];
        candidates.push({ key: `${owner}/${l.id}`, owner, label: l, anchor: { x: p.x, y: p.y }, width: this.#width(l) + 2 * px, height: l.size + 2 * py, priority: l.priority, offsets: l.offsets });
      }
    const placed = placeLabels(candidates, GAP);

    const byOwner: Record<string, Map<string, Offset>> = {};
    for (const p of placed) (byOwner[p.candidate.owner] ??= new Map()).set(p.candidate.label.id, p.offset);
    const prev = this.#kept;
    const next: Record<string, ReadonlyMap<string, Offset>> = {};
    let changed = Object.keys(prev).some((o) => !byOwner[o]);
    for (const [owner, m] of Object.entries(byOwner)) {
      const old = prev[owner];
      const same = old !== undefined && old.size === m.size && [...m].every(([id, o]) => old.get(id)?.[0] === o[0] && old.get(id)?.[1] === o[1]);
      next[owner] = same ? old : m;
      changed ||= !same;
    }
    if (changed) this.#kept = next;
    this.#onPlaced(placed.map((p) => ({ owner: p.candidate.owner, id: p.candidate.label.id, text: p.candidate.label.text, box: p.box })));
  }
}
