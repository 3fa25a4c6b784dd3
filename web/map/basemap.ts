/**
 * The local, offline basemap style and the optional PDOK BRT-Achtergrondkaart raster.
 * The local style needs nothing from the network: a background, the gemeente shape (from the
 * API, added by the districts layer), and anchor layers that fix the drawing order of the
 * modules' layers. No glyphs or sprites: labels are drawn by deck.gl with the app's own font.
 */
import type { Map, StyleSpecification } from 'maplibre-gl';
import { nl } from '../i18n/nl.js';

/** Anchors (invisible) in drawing order: modules insert their layers *before* one of these. */
export const ANCHORS = {
  fills: 'anchor-fills',
  lines: 'anchor-lines',
  top: 'anchor-top',
} as const;

export const COLORS = {
  background: '#e9edf0',
  land: '#f7f6f2',
  outline: '#39424e',
  accent: '#0b5cad',
};

export function localStyle(): StyleSpecification {
  const anchor = (id: string) => ({ id, type: 'background' as const, layout: { visibility: 'none' as const }, paint: {} });
  return {
    version: 8,
    name: 'Veiligheidskaart lokaal',
    sources: {},
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': COLORS.background } },
      anchor('anchor-basemap'),
      anchor(ANCHORS.fills),
      anchor(ANCHORS.lines),
      anchor(ANCHORS.top),
    ],
  };
}

const PDOK_SOURCE = 'pdok';

/** A tile URL for the map centre, used to probe whether PDOK is reachable before switching. */
export function probeTileUrl(template: string, lng: number, lat: number, zoom = 12): string {
  const n = 2 ** zoom;
  const x = Math.floor(((lng + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return template.replace('{z}', String(zoom)).replace('{x}', String(x)).replace('{y}', String(y));
}

export async function pdokReachable(template: string, lng: number, lat: number, timeoutMs = 5000): Promise<boolean> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const res = await fetch(probeTileUrl(template, lng, lat), { signal: ctrl.signal, cache: 'no-store' });
    return res.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export function showPdok(map: Map, template: string): void {
  if (!map.getSource(PDOK_SOURCE)) {
    map.addSource(PDOK_SOURCE, {
      type: 'raster',
      tiles: [template],
      tileSize: 256,
      minzoom: 6,
      maxzoom: 19,
      attribution: nl.attribution.pdok,
    });
    map.addLayer({ id: PDOK_SOURCE, type: 'raster', source: PDOK_SOURCE, paint: { 'raster-opacity': 0.85 } }, 'anchor-basemap');
  }
  map.setLayoutProperty(PDOK_SOURCE, 'visibility', 'visible');
}

export function hidePdok(map: Map): void {
  if (map.getLayer(PDOK_SOURCE)) map.removeLayer(PDOK_SOURCE);
  if (map.getSource(PDOK_SOURCE)) map.removeSource(PDOK_SOURCE);
}

/** Calls `onFail` once when PDOK tiles fail to load after switching (network gone, server error). */
export function watchPdokErrors(map: Map, onFail: () => void): () => void {
  let failures = 0;
  const handler = (e: object) => {
    if ((e as { sourceId?: string }).sourceId !== PDOK_SOURCE) return;
    failures += 1;
    if (failures === 3) onFail();
  };
  map.on('error', handler);
  return () => map.off('error', handler);
}
