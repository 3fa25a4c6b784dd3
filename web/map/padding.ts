/**
 * Room for the floating panels when the map fits an area: on wide screens the layer panel (left)
 * and the side panel (right); on phones the bottom sheet, whose height is read from the page.
 */
export const NARROW = 900;

export interface Padding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function isNarrow(): boolean {
  return window.innerWidth <= NARROW;
}

/** Padding for fitBounds; `extra` is added on every side. */
export function mapPadding(extra = 0): Padding {
  if (!isNarrow()) return { top: 30 + extra, bottom: 30 + extra, left: 300 + extra, right: 440 + extra };
  const stage = document.querySelector<HTMLElement>('[data-testid="stage"]');
  const sheet = document.querySelector<HTMLElement>('[data-testid="side-panel"]');
  const stageRect = stage?.getBoundingClientRect();
  const sheetRect = sheet?.getBoundingClientRect();
  // The sheet covers the map from its top edge down; fall back to the sheet's maximum share.
  const covered = stageRect && sheetRect && sheetRect.height > 0 ? Math.max(0, stageRect.bottom - sheetRect.top) : window.innerHeight * 0.45;
  return { top: 16 + extra, bottom: covered + 12 + extra, left: 12 + extra, right: 12 + extra };
}
