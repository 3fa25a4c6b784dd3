/**
 * The park information card as one HTML page (A4 portrait, one page), rendered on the server with
 * Hono's auto-escaping `html` template. A separate entry page rather than a route in the web app's
 * hash: the card must print and become a PDF without the map app around it (no MapLibre, no
 * WebGL, no tiles), API tests render it without a web build, and its URL
 * (`/api/parks/<id>/card`) opens in a new tab from the Brandweer table and the park record while
 * the map stays where it was. Styles come from /api/print/parkkaart.css (the CSP allows no inline
 * style); the map is inline SVG with presentation attributes (server/domain/registers/card-map.ts).
 */
import { html, raw } from 'hono/html';
import type { ParkCard } from '../services/park-card.service.js';

const RISK_COLORS: Record<string, string> = { laag: '#4c9a2a', middel: '#e0b20b', hoog: '#e06c0b', 'zeer hoog': '#b71c1c' };
const PLAN_LABELS: Record<string, string> = { geen: 'geen ontruimingsplan', concept: 'concept', vastgesteld: 'vastgesteld' };
const SIZE_LABELS: Record<string, string> = { groot: 'groot', klein: 'klein' };
const SUBJECT_LABELS = { permanentResidence: 'Permanente bewoning', nightRegister: 'Nachtregister ontbreekt / niet bijgehouden', brp: 'Inschrijving BRP' } as const;

const nf = new Intl.NumberFormat('nl-NL');
const dateFmt = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const stampFmt = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });

/** "2026-05-01" -> "1 mei 2026". */
const day = (iso: string | null | undefined) => (iso ? dateFmt.format(new Date(`${iso}T00:00:00Z`)) : 'onbekend');
const count = (n: number | null) => (n === null ? 'onbekend' : nf.format(n));

function mapSvg(card: ParkCard) {
  const m = card.map;
  const parkPoint = m.parkPoint ? html`<circle cx="${m.parkPoint[0]}" cy="${m.parkPoint[1]}" r="7" fill="#1f5fa8" stroke="#fff" stroke-width="2" />` : '';
  return html`<svg class="map" viewBox="0 0 ${m.width} ${m.height}" role="img" aria-labelledby="map-title" data-testid="card-map" xmlns="http://www.w3.org/2000/svg">
    <title id="map-title">Kaart van ${card.name} met ${card.compartments.length === 0 ? 'geen natuurbrandcompartiment in de buurt' : 'natuurbrandcompartimenten en routes'}</title>
    <rect x="0" y="0" width="${m.width}" height="${m.height}" fill="#f4f1ea" />
    ${m.compartments.map((c) => html`<path d="${c.d}" fill="${RISK_COLORS[c.riskClass ?? ''] ?? '#7d8791'}" fill-opacity="0.28" stroke="${RISK_COLORS[c.riskClass ?? ''] ?? '#7d8791'}" stroke-width="2" fill-rule="evenodd" />`)}
    ${m.lines.map((l) => html`<path d="${l.d}" fill="none" stroke="${l.kind === 'access' ? '#1f3f8f' : '#1b7f3b'}" stroke-width="3.5" ${raw(l.kind === 'evacuation' ? 'stroke-dasharray="10 6"' : '')} stroke-linecap="round" stroke-linejoin="round" />`)}
    ${m.park ? html`<path d="${m.park}" fill="#1f5fa8" fill-opacity="0.55" stroke="#0d2f5a" stroke-width="2.5" fill-rule="evenodd" />` : ''}${parkPoint}
    <g transform="translate(14 ${m.height - 18})"><rect x="-6" y="-16" width="${m.scaleBar.length + 60}" height="26" fill="#fff" fill-opacity="0.8" />
      <path d="M0 0H${m.scaleBar.length}" stroke="#222" stroke-width="3" /><path d="M0 -5V5M${m.scaleBar.length} -5V5" stroke="#222" stroke-width="2" />
      <text x="${m.scaleBar.length + 6}" y="5" font-size="13" fill="#222">${nf.format(m.scaleBar.metres)} m</text></g>
    <g transform="translate(${m.width - 26} 30)"><path d="M0 -18L7 4L0 -1L-7 4Z" fill="#222" /><text x="0" y="18" font-size="13" text-anchor="middle" fill="#222">N</text></g>
  </svg>`;
}

function compartmentsBlock(card: ParkCard) {
  if (card.compartments.length === 0) return html`<p data-testid="card-compartment">Geen natuurbrandcompartiment binnen ${nf.format(card.bufferMetres)} m.</p>`;
  return html`<ul class="plain" data-testid="card-compartment">
    ${card.compartments.map(
      (c) => html`<li><span class="swatch swatch-${(c.riskClass ?? 'onbekend').replace(' ', '-')}"></span><strong>${c.name}</strong>, risicoklasse <strong data-testid="card-risk">${c.riskClass ?? 'onbekend'}</strong>
        — ${c.inside ? 'park ligt erin' : `nabij, ${nf.format(c.distanceMetres)} m`}</li>`,
    )}
  </ul>`;
}

function controlBlock(card: ParkCard) {
  const c = card.lastControl;
  if (!c) return html`<p>Geen integrale controle geregistreerd.</p>`;
  return html`<p>${day(c.date)}${c.partners.length ? html` — met ${c.partners.join(', ')}` : ''}</p>
    <table class="findings" data-testid="card-findings">
      <tbody>
        ${(Object.keys(SUBJECT_LABELS) as (keyof typeof SUBJECT_LABELS)[]).map((k) => html`<tr><th scope="row">${SUBJECT_LABELS[k]}</th><td>${c.subjects[k] ? 'genoemd in bevindingen' : 'niet genoemd'}</td></tr>`)}
      </tbody>
    </table>
    ${c.findings.length ? html`<p class="small">Bevindingen: ${c.findings.join('; ')}</p>` : ''}`;
}

function contactBlock(card: ParkCard) {
  if (!card.contactsAllowed) return html`<p class="muted" data-testid="card-contact-hidden">Niet zichtbaar voor uw rol (persoonsgegevens).</p>`;
  if (!card.contact) return html`<p data-testid="card-contact">Geen contactpersoon geregistreerd.</p>`;
  const k = card.contact;
  return html`<p data-testid="card-contact">${k.name}${k.phone ? html`<br />${k.phone}` : ''}${k.email ? html`<br />${k.email}` : ''}</p>`;
}

const dated = (d: { date: string; notes?: string | null } | null, none: string) => (d ? html`${day(d.date)}${d.notes ? html`<br /><span class="small">${d.notes}</span>` : ''}` : none);

/** The whole page. `pdfHref` null hides the download link (inside the PDF itself). */
export function parkCardPage(card: ParkCard, opts: { pdfHref: string | null }) {
  const demo = card.demo
    ? html`<p class="demo" data-testid="card-demo">DEMO — fictieve gegevens. Dit park is gegenereerd demonstratiemateriaal, geen echt recreatiepark.</p>`
    : '';
  return html`<!doctype html>
<html lang="nl">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Informatiekaart ${card.name}${card.demo ? ' (DEMO)' : ''}</title>
    <link rel="stylesheet" href="/api/print/parkkaart.css" />
  </head>
  <body>
    <main class="sheet" data-testid="park-card">
      <header>
        <p class="kicker">Informatiekaart recreatiepark · Brandweer en Veilig Toerisme</p>
        <h1 data-testid="card-name">${card.name}${card.demo ? html` <span class="demo-tag">DEMO</span>` : ''}</h1>
        ${demo}
        ${opts.pdfHref ? html`<p class="actions"><a href="${opts.pdfHref}" data-testid="card-pdf" download>PDF downloaden</a> · afdrukken met Ctrl+P (A4, één pagina)</p>` : ''}
      </header>
      <figure>
        ${mapSvg(card)}
        <figcaption class="legend">
          <span><span class="key key-park"></span>park</span>
          <span><span class="key key-access"></span>toegangsroute</span>
          <span><span class="key key-evac"></span>ontruimingsroute</span>
          ${Object.keys(RISK_COLORS).map((r) => html`<span><span class="swatch swatch-${r.replace(' ', '-')}"></span>${r}</span>`)}
        </figcaption>
      </figure>
      <div class="grid">
        <section>
          <h2>Natuurbrandcompartiment</h2>
          ${compartmentsBlock(card)}
          <h2>Ontruimingsplan</h2>
          <p data-testid="card-plan">${PLAN_LABELS[card.plan.status] ?? card.plan.status}${card.plan.date ? html`, vastgesteld ${day(card.plan.date)}` : ''}</p>
          <h2>Capaciteit</h2>
          <p data-testid="card-capacity">${count(card.capacity.units)} eenheden, ${count(card.capacity.beds)} slaapplaatsen<br />Grootteklasse: ${card.sizeClass ? (SIZE_LABELS[card.sizeClass] ?? card.sizeClass) : 'onbekend'}${card.kind ? html` · ${card.kind}` : ''}</p>
          <h2>Contactpersoon exploitant</h2>
          ${contactBlock(card)}
        </section>
        <section>
          <h2>Laatste brandweerbezoek</h2>
          <p data-testid="card-visit">${dated(card.lastVisit, 'Geen bezoek geregistreerd.')}</p>
          <h2>Laatste ontruimingsoefening</h2>
          <p data-testid="card-exercise">${dated(card.lastExercise, 'Geen oefening geregistreerd.')}</p>
          <h2>Laatste integrale controle</h2>
          ${controlBlock(card)}
        </section>
      </div>
      <footer>
        <span data-testid="card-made">Kaart gemaakt op ${stampFmt.format(card.generatedAt)}</span> · Veiligheidskaart, register vakantieparken (id ${card.id})${card.demo ? ' · DEMO — fictieve gegevens' : ''}
      </footer>
    </main>
  </body>
</html>`;
}
