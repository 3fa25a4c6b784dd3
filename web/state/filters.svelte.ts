/**
 * The shared incident filter (issue 3), kept in the URL hash through `appState.extra`:
 *
 *   period=2w|ddo|ddoPrev|12m|year|custom   which preset is active (default 12m)
 *   from=YYYY-MM-DD&to=YYYY-MM-DD           the period (inclusive); absent: the preset's dates
 *   kinds=woninginbraak,poging_woninginbraak (default: both burglary kinds)
 *   week=N                                  playback step (0-based 7-day window in the period)
 *   grid=100|150|...|500  band=N  fdr=0|1  Gi* grid options (default: both automatic, FDR on)
 *   cell=x,y,size                           a selected grid cell (RD metres), for hot times
 *
 * Use:
 *   const filters = useIncidentFilters(appState);
 *   filters.query   // { from, to, kinds } of the effective window (the playback week, else the
 *                   // period), or null until the reference date is known; pass it to the API
 *   filters.period  // the chosen period, without the playback week
 *   filters.kinds   // the chosen incident kinds
 * All getters are reactive (they read runes state), so they can be used in $derived/$effect.
 *
 * Presets are anchored to the latest incident date (or today when that is later), which
 * `incidentData` loads from /api/incidents/summary; it also knows whether the data is demo.
 */
import type { AppState } from './app.svelte.js';
import {
  CELL_SIZES,
  DEFAULT_KINDS,
  INCIDENT_KINDS,
  formatCellRef,
  hotspotsApi,
  invalidateHotspotCache,
  parseCellRef,
  type Auto,
  type CellRef,
  type CellSize,
  type IncidentKind,
  type IncidentQuery,
  type IncidentSummary,
} from '../api/hotspots.js';
import { Resource } from '../api/resource.svelte.js';
import { DEFAULT_PRESET, PRESETS, isPeriod, presetPeriod, referenceDay, weeksOf, type Period, type PresetId, type Week } from '../panels/hotspots/period.js';

/**
 * Map defaults for Gi*: the optimized analysis (cell size and distance band chosen by the server
 * from the data, server/domain/hotspots/optimized.ts) with the False Discovery Rate correction.
 * A fixed cell size or band in the URL (grid=, band=) is the manual choice.
 */
export const DEFAULT_CELL_SIZE: CellSize | Auto = 'auto';
export const DEFAULT_FDR = true;

export type { Period, PresetId, Week };

/** Incident summary (counts, last date, demo flag) and a version that bumps after an import. */
class IncidentData {
  #summary = new Resource<IncidentSummary>();
  /** Bumped by `invalidate()`: layers and panels refetch when it changes. */
  version = $state(0);

  get summary(): IncidentSummary | null {
    return this.#summary.data;
  }
  get error(): string | null {
    return this.#summary.error;
  }

  /** Loads the summary once (callers share a running load); `force` loads it again. */
  async load(force = false): Promise<void> {
    const loader = (signal: AbortSignal) => hotspotsApi.summary(signal);
    await (force ? this.#summary.run(loader, 'summary') : this.#summary.ensure('summary', loader));
  }

  /** After an import: drop cached responses, reload the summary, let everything refetch. */
  async invalidate(): Promise<void> {
    invalidateHotspotCache();
    await this.load(true);
    this.version += 1;
  }

  /** True while all stored incidents are generated demo data. */
  get demo(): boolean {
    return this.summary?.demo ?? false;
  }
}

export const incidentData = new IncidentData();

export const DEFAULT_BAND: number | Auto = 'auto';

export class IncidentFilters {
  private readonly app: AppState;
  constructor(app: AppState) {
    this.app = app;
  }

  #x(key: string): string | undefined {
    return this.app.extra[key];
  }

  /** The active preset. */
  get preset(): PresetId {
    const p = this.#x('period');
    return (PRESETS as readonly string[]).includes(p ?? '') ? (p as PresetId) : DEFAULT_PRESET;
  }

  /** The day presets count back from (latest incident or today); null until the summary is in. */
  get referenceDay(): Date | null {
    const s = incidentData.summary;
    if (!s) return incidentData.error ? referenceDay(null) : null;
    return referenceDay(s.last);
  }

  /** The chosen period (dates in the URL, else the preset's), without the playback week. */
  get period(): Period | null {
    const from = this.#x('from');
    const to = this.#x('to');
    if (isPeriod({ from, to })) return { from: from!, to: to! };
    const ref = this.referenceDay;
    if (!ref) return null;
    const preset = this.preset;
    return presetPeriod(preset === 'custom' ? DEFAULT_PRESET : preset, ref);
  }

  /** The 7-day steps of the period (for the playback). */
  get weeks(): Week[] {
    const p = this.period;
    return p ? weeksOf(p) : [];
  }

  /** The playback step, or null for the whole period. */
  get week(): number | null {
    const w = Number(this.#x('week'));
    const n = this.weeks.length;
    return this.#x('week') !== undefined && Number.isInteger(w) && w >= 0 && w < n ? w : null;
  }

  /** The effective window: the playback week, else the whole period. */
  get window(): Period | null {
    const w = this.week;
    return w === null ? this.period : (this.weeks[w] ?? this.period);
  }

  get kinds(): IncidentKind[] {
    const raw = this.#x('kinds');
    if (raw === undefined) return [...DEFAULT_KINDS];
    const ks = raw.split(',').filter((k): k is IncidentKind => (INCIDENT_KINDS as readonly string[]).includes(k));
    return ks.length ? INCIDENT_KINDS.filter((k) => ks.includes(k)) : [...DEFAULT_KINDS];
  }

  /** The Gi* cell size: 'auto' (default) or a manual size. */
  get cellSize(): CellSize | Auto {
    const n = Number(this.#x('grid'));
    return (CELL_SIZES as readonly number[]).includes(n) ? (n as CellSize) : DEFAULT_CELL_SIZE;
  }

  /** The Gi* distance band: 'auto' (default) or metres from the URL. */
  get band(): number | Auto {
    const n = Number(this.#x('band'));
    return Number.isFinite(n) && n >= 1 && n <= 5000 ? n : DEFAULT_BAND;
  }

  get fdr(): boolean {
    const v = this.#x('fdr');
    return v === undefined ? DEFAULT_FDR : v === '1' || v === 'true';
  }

  /** The selected grid cell (hot-times selection), or null. */
  get cell(): CellRef | null {
    return parseCellRef(this.#x('cell'));
  }

  /**
   * API filters of the effective window and kinds; null while the period is not known yet.
   * Memoised on its value: `extra` is replaced on every URL change (any tab, zone, date), and the
   * layers and tables that read this must not reload or redraw unless the filter itself changed.
   */
  get query(): IncidentQuery | null {
    return this.#query;
  }

  #queryKey = $derived.by(() => {
    const w = this.window;
    return w ? JSON.stringify([w.from, w.to, this.kinds]) : null;
  });

  #query = $derived.by((): IncidentQuery | null => {
    if (this.#queryKey === null) return null;
    const [from, to, kinds] = JSON.parse(this.#queryKey) as [string, string, IncidentKind[]];
    return { from, to, kinds };
  });

  // ---- setters ------------------------------------------------------------------------------

  #set(values: Record<string, string | null>): void {
    const next = { ...this.app.extra };
    for (const [k, v] of Object.entries(values)) {
      if (v === null || v === '') delete next[k];
      else next[k] = v;
    }
    this.app.extra = next;
  }

  /** Picks a preset: writes its dates to the URL (so a link keeps the same dates). */
  setPreset(id: Exclude<PresetId, 'custom'>): void {
    const ref = this.referenceDay ?? referenceDay(null);
    const p = presetPeriod(id, ref);
    this.#set({ period: id, from: p.from, to: p.to, week: null });
  }

  /** A custom period; ignored when `from` is after `to` or a date is invalid. */
  setCustom(from: string, to: string): boolean {
    if (!isPeriod({ from, to })) return false;
    this.#set({ period: 'custom', from, to, week: null });
    return true;
  }

  setKinds(kinds: readonly IncidentKind[]): void {
    const ks = INCIDENT_KINDS.filter((k) => kinds.includes(k));
    const isDefault = ks.length === DEFAULT_KINDS.length && ks.every((k) => DEFAULT_KINDS.includes(k));
    this.#set({ kinds: ks.length === 0 || isDefault ? null : ks.join(',') });
  }

  setCellSize(size: CellSize | Auto): void {
    // A selected cell of another size no longer matches the grid on the map; a manual band
    // belongs to the old cell size, so the band goes back to automatic.
    this.#set({ grid: size === DEFAULT_CELL_SIZE ? null : String(size), band: null, cell: null });
  }

  setFdr(on: boolean): void {
    this.#set({ fdr: on === DEFAULT_FDR ? null : on ? '1' : '0' });
  }

  setWeek(index: number | null): void {
    this.#set({ week: index === null ? null : String(index) });
  }

  setCell(cell: CellRef | null): void {
    this.#set({ cell: cell ? formatCellRef(cell) : null });
  }
}

const instances = new WeakMap<AppState, IncidentFilters>();

/** The filter of an app state (one instance per AppState). */
export function useIncidentFilters(app: AppState): IncidentFilters {
  let f = instances.get(app);
  if (!f) instances.set(app, (f = new IncidentFilters(app)));
  return f;
}
