/**
 * The stylesheet of the park information card (served at /api/print/parkkaart.css; the CSP allows
 * styles only from this origin). The sheet is laid out for A4 portrait at 12 mm margins and fits
 * one page: the map has a fixed height, text is set small, and nothing may break across pages.
 */
const SWATCHES = { laag: '#4c9a2a', middel: '#e0b20b', hoog: '#e06c0b', 'zeer-hoog': '#b71c1c', onbekend: '#7d8791' };

export const PARK_CARD_CSS = `
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #1b1f24; font-size: 10pt; }
body { margin: 0; background: #e9ecef; }
.sheet { width: 210mm; min-height: 297mm; margin: 1rem auto; padding: 12mm; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.2); }
header { border-bottom: 3px solid #b71c1c; margin-bottom: 3mm; }
.kicker { margin: 0; font-size: 8.5pt; text-transform: uppercase; letter-spacing: .04em; color: #4a535e; }
h1 { margin: 1mm 0 2mm; font-size: 17pt; line-height: 1.2; }
h2 { margin: 3mm 0 1mm; font-size: 10pt; color: #0d2f5a; border-bottom: 1px solid #c9d1da; }
p { margin: 0 0 1mm; line-height: 1.35; }
.small { font-size: 8.5pt; color: #4a535e; }
.muted { color: #4a535e; font-style: italic; }
.demo { margin: 0 0 2mm; padding: 1.5mm 3mm; background: #fff3cd; border: 2px solid #8a6d00; font-weight: 700; color: #5c4700; }
.demo-tag { font-size: 10pt; vertical-align: middle; padding: .5mm 2mm; border: 2px solid #8a6d00; background: #fff3cd; color: #5c4700; }
.actions { font-size: 9pt; margin: 0 0 2mm; }
.actions a { color: #1f5fa8; font-weight: 600; }
figure { margin: 0; break-inside: avoid; }
.map { display: block; width: 100%; height: auto; max-height: 105mm; border: 1px solid #8a949e; }
.legend { display: flex; flex-wrap: wrap; gap: 1mm 4mm; font-size: 8.5pt; margin-top: 1mm; }
.key { display: inline-block; width: 7mm; height: 0; vertical-align: middle; margin-right: 1mm; border-top: 1mm solid; }
.key-park { height: 3mm; border: 1px solid #0d2f5a; background: #7fa0c8; width: 4mm; }
.key-access { border-color: #1f3f8f; }
.key-evac { border-top-style: dashed; border-color: #1b7f3b; }
.swatch { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: middle; border: 1px solid #333; }
${Object.entries(SWATCHES)
  .map(([k, c]) => `.swatch-${k} { background: ${c}; }`)
  .join('\n')}
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 8mm; }
ul.plain { list-style: none; padding: 0; margin: 0 0 1mm; }
ul.plain li { margin-bottom: 1mm; line-height: 1.35; }
table.findings { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 1mm 0; }
table.findings th, table.findings td { text-align: left; padding: .6mm 1mm; border-bottom: 1px solid #e1e4e8; font-weight: normal; }
table.findings th { width: 60%; }
footer { margin-top: 4mm; padding-top: 1.5mm; border-top: 1px solid #c9d1da; font-size: 8pt; color: #4a535e; }
a:focus-visible { outline: 2px solid #1f5fa8; outline-offset: 2px; }
@media print {
  body { background: #fff; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  .actions { display: none; }
  .demo, .demo-tag, .swatch, .key-park { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section, figure, footer { break-inside: avoid; }
}
`;
