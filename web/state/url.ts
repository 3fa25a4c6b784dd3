/**
 * The shareable part of the app state lives in the URL hash, so a link reopens the same view:
 *   #level=wijk&sel=WK020001&map=12.40/52.2110/5.9690&layers=districts,choropleth&bg=local
 * Other modules add their own keys (e.g. the period: from, to) through `extra`.
 * Pure functions: parse and serialise, validated (bad values are dropped, not trusted).
 */
import type { DistrictLevel } from '../api/client.js';

export const LEVELS: readonly DistrictLevel[] = ['gemeente', 'stadsdeel', 'wijk', 'buurt', 'postcode'];

export interface View {
  zoom: number;
  lat: number;
  lng: number;
}

export interface UrlState {
  level?: DistrictLevel;
  sel?: string | null;
  view?: View;
  layers?: string[];
  bg?: 'local' | 'pdok';
  extra: Record<string, string>;
}

const CORE = new Set(['level', 'sel', 'map', 'layers', 'bg']);
const CODE_RE = /^(GM\d{4}|WK\d{6}|BU\d{8}|SD[\w-]{1,20}|\d{4})$/;

export function parseHash(hash: string): UrlState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const out: UrlState = { extra: {} };
  const level = p.get('level');
  if (level && (LEVELS as readonly string[]).includes(level)) out.level = level as DistrictLevel;
  const sel = p.get('sel');
  if (sel !== null) out.sel = CODE_RE.test(sel) ? sel : null;
  const map = p.get('map')?.split('/').map(Number);
  if (map && map.length === 3 && map.every(Number.isFinite)) {
    const [zoom, lat, lng] = map as [number, number, number];
    if (zoom >= 0 && zoom <= 22 && Math.abs(lat) <= 85 && Math.abs(lng) <= 180) out.view = { zoom, lat, lng };
  }
  const layers = p.get('layers');
  if (layers !== null) out.layers = layers.split(',').filter((s) => /^[a-z][\w-]*$/.test(s));
  const bg = p.get('bg');
  if (bg === 'local' || bg === 'pdok') out.bg = bg;
  for (const [k, v] of p) if (!CORE.has(k) && /^[a-z][\w]*$/i.test(k)) out.extra[k] = v;
  return out;
}

export function formatHash(s: Required<Omit<UrlState, 'view'>> & { view: View | null }): string {
  const p = new URLSearchParams();
  p.set('level', s.level);
  if (s.sel) p.set('sel', s.sel);
  if (s.view) p.set('map', `${s.view.zoom.toFixed(2)}/${s.view.lat.toFixed(5)}/${s.view.lng.toFixed(5)}`);
  p.set('layers', s.layers.join(','));
  p.set('bg', s.bg);
  for (const [k, v] of Object.entries(s.extra)) if (v !== '') p.set(k, v);
  // Keep the hash readable: URLSearchParams escapes "/" and "," which are safe in a fragment.
  return '#' + p.toString().replace(/%2F/g, '/').replace(/%2C/g, ',');
}
