/**
 * The incident popup's content (DOM built with textContent, so imported text cannot inject
 * markup) and the Dutch formatting of an incident's time window.
 */
import { nl } from '../../i18n/nl.js';
import { KIND_COLORS, KIND_FALLBACK } from './hotspot-colors.js';

const dayTime = new Intl.DateTimeFormat('nl-NL', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });
const timeOnly = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });
const dayKey = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/Amsterdam' });

/** "za 4 okt. 2025 20:45 – 22:15" or, across days, "… – zo 5 okt. 2025 07:00". */
export function formatWindow(fromIso: string, toIso: string): string {
  const f = new Date(fromIso);
  const t = new Date(toIso);
  if (Number.isNaN(f.getTime()) || Number.isNaN(t.getTime())) return `${fromIso} – ${toIso}`;
  if (f.getTime() === t.getTime()) return dayTime.format(f);
  const sameDay = dayKey.format(f) === dayKey.format(t);
  return `${dayTime.format(f)} – ${sameDay ? timeOnly.format(t) : dayTime.format(t)}`;
}

export function incidentPopup(p: Record<string, unknown>): HTMLElement {
  const t = nl.hotspots.incident;
  const root = document.createElement('div');
  root.className = 'vk-incident';
  root.style.font = '0.82rem/1.4 "Noto Sans", system-ui, sans-serif';
  const head = document.createElement('div');
  head.style.cssText = 'display:flex;align-items:center;gap:0.4rem;font-weight:600;font-size:0.92rem;margin:0 1.2rem 0.3rem 0';
  const dot = document.createElement('span');
  const kind = String(p.kind ?? '');
  dot.style.cssText = `width:0.7rem;height:0.7rem;border-radius:50%;flex:none;background:${KIND_COLORS[kind] ?? KIND_FALLBACK}`;
  const title = document.createElement('span');
  title.textContent = nl.hotspots.kinds[kind] ?? kind;
  head.append(dot, title);
  root.append(head);
  const dl = document.createElement('dl');
  dl.style.cssText = 'margin:0;display:grid;grid-template-columns:auto 1fr;gap:0.1rem 0.6rem';
  const row = (label: string, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    const dt = document.createElement('dt');
    dt.style.color = '#5b6470';
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.style.margin = '0';
    dd.textContent = String(value);
    dl.append(dt, dd);
  };
  row(t.window, typeof p.from === 'string' && typeof p.to === 'string' ? formatWindow(p.from, p.to) : undefined);
  row(t.mo, p.modusOperandi);
  row(t.target, p.targetType);
  row(t.address, p.address);
  row(t.source, p.sourceId);
  root.append(dl);
  if (p.demo === true || p.demo === 'true') {
    const demo = document.createElement('p');
    demo.style.cssText = 'margin:0.4rem 0 0;color:#5a189a;font-size:0.75rem';
    const badge = document.createElement('span');
    badge.textContent = nl.demoBadge;
    badge.style.cssText = 'background:#7b2cbf;color:#fff;border-radius:3px;padding:0 0.3rem;text-transform:uppercase;font-size:0.65rem;margin-right:0.3rem';
    demo.append(badge, t.demo);
    root.append(demo);
  }
  return root;
}
