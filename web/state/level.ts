/** The level switch with the selection mapped by the rule in level-map.ts. */
import type { DistrictLevel } from '../api/client.js';
import type { AppState } from './app.svelte.js';
import { shared } from './data.svelte.js';
import { mapSelection } from './level-map.js';

let seq = 0;

/** Switches the level and maps (or clears) the selection in one step, so the URL never shows a stale pair. */
export async function switchLevel(app: AppState, level: DistrictLevel): Promise<void> {
  const from = app.level;
  const sel = app.selected;
  if (from === level) return;
  const mine = ++seq;
  if (!sel) {
    app.level = level;
    return;
  }
  // Clear at once (the old code must not stay at the new level), then apply the mapping.
  app.level = level;
  app.selected = null;
  let next: string | null = null;
  try {
    next = await mapSelection(sel, from, level, (l) => shared.get(l));
  } catch {
    next = null;
  }
  if (mine !== seq || app.level !== level || app.selected !== null) return;
  if (next) {
    app.selected = next;
    app.focusRequest = next;
  }
}
