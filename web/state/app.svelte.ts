/**
 * One reactive application state (Svelte 5 runes), mirrored to the URL hash (see url.ts).
 * Map layers and panels read and write it; nothing else keeps view state.
 */
import type { DistrictLevel } from '../api/client.js';
import { formatHash, parseHash, type View } from './url.js';

export class AppState {
  level = $state<DistrictLevel>('wijk');
  selected = $state<string | null>(null);
  view = $state<View | null>(null);
  /** Visible layer ids. */
  layers = $state<string[]>([]);
  basemap = $state<'local' | 'pdok'>('local');
  /** Module-owned URL keys (period, filters, …). */
  extra = $state<Record<string, string>>({});
  /** Non-URL UI state. */
  hovered = $state<string | null>(null);
  basemapNote = $state<string | null>(null);
  /** A district to fit the map to (set by lists and search; cleared by the districts layer). */
  focusRequest = $state<string | null>(null);

  /** Layer id -> layers it cannot be shown with (from the layer registry). */
  readonly #exclusions: Record<string, string[]>;

  constructor(defaultLayers: string[], exclusions: Record<string, string[]> = {}) {
    this.layers = defaultLayers;
    this.#exclusions = exclusions;
  }

  /** Apply a hash (on load and on hashchange). Returns true when the view was given. */
  applyHash(hash: string): boolean {
    const s = parseHash(hash);
    if (s.level) this.level = s.level;
    if (s.sel !== undefined) this.selected = s.sel;
    if (s.layers) this.layers = s.layers;
    if (s.bg) this.basemap = s.bg;
    this.extra = s.extra;
    if (s.view) this.view = s.view;
    return Boolean(s.view);
  }

  toHash(): string {
    return formatHash({ level: this.level, sel: this.selected, view: this.view, layers: this.layers, bg: this.basemap, extra: this.extra });
  }

  isVisible(id: string): boolean {
    return this.layers.includes(id);
  }

  setVisible(id: string, visible: boolean): void {
    const has = this.layers.includes(id);
    if (visible && !has) {
      const off = this.#exclusions[id] ?? [];
      this.layers = [...this.layers.filter((l) => !off.includes(l)), id];
    }
    if (!visible && has) this.layers = this.layers.filter((l) => l !== id);
  }

  setExtra(key: string, value: string | null): void {
    const next = { ...this.extra };
    if (value === null || value === '') delete next[key];
    else next[key] = value;
    this.extra = next;
  }
}
