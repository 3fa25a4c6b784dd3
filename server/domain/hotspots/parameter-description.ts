/**
 * Dutch reasons for the parameters of the optimized hot spot analysis (optimized.ts): why this
 * cell size (cell-size.ts, after ArcGIS "How Optimized Hot Spot Analysis works",
 * https://pro.arcgis.com/en/pro-app/latest/tool-reference/spatial-statistics/how-optimized-hot-spot-analysis-works.htm),
 * why this distance band (distance-band.ts, after ArcGIS "Incremental Spatial Autocorrelation",
 * https://pro.arcgis.com/en/pro-app/latest/tool-reference/spatial-statistics/incremental-spatial-autocorrelation.htm),
 * and what each warning means, for the API and the CLI.
 */
import { MAX_CELL, MIN_CELL } from './cell-size.js';
import { MIN_INCIDENTS, type OptimizedParameters } from './optimized.js';
import { fmtM } from './parameter-sentence.js';

/** Dutch reasons per choice and warnings, for the API and the CLI. */
export function describeParameters(p: OptimizedParameters): { cellSize: string; distanceBand: string; warnings: string[] } {
  const cellSize =
    p.cellSizeReason === 'manual'
      ? 'zelf gekozen'
      : p.cellSizeReason === 'fallback'
        ? 'standaardwaarde, te weinig verschillende locaties om uit te rekenen'
        : `uit de afstand tussen de incidenten (mediaan ${fmtM(p.nearestNeighbour ?? 0)} tot de dichtstbijzijnde)` +
          (p.cellSizeReason === 'minimum' ? `, begrensd op minimaal ${fmtM(MIN_CELL)}` : p.cellSizeReason === 'maximum' ? `, begrensd op maximaal ${fmtM(MAX_CELL)}` : '');
  const distanceBand =
    p.bandReason === 'manual'
      ? 'zelf gekozen'
      : p.bandReason === 'peak'
        ? 'waar de ruimtelijke samenhang het sterkst is'
        : `zonder duidelijke piek in de ruimtelijke samenhang: gemiddeld ${p.targetNeighbours ?? 0} buurcellen`;
  const warnings = p.warnings.map((w) => {
    switch (w) {
      case 'too-few':
        return `Te weinig incidenten voor een betrouwbare hotspotanalyse: ${p.incidents}, minstens ${MIN_INCIDENTS} nodig. Er zijn geen cellen als hotspot beoordeeld; kies een langere periode, meer soorten of een groter gebied.`;
      case 'neighbourless':
        return `De afstandsband (${fmtM(p.distanceBand)}) is kleiner dan de celgrootte (${fmtM(p.cellSize)}): geen cel heeft een buurcel.`;
      case 'isolated-cells':
        return `Sommige cellen hebben binnen ${fmtM(p.distanceBand)} geen buurcel; hun score berust alleen op hun eigen aantal.`;
      case 'constant':
        return 'Alle cellen hebben hetzelfde aantal incidenten; er is niets te vergelijken.';
    }
  });
  return { cellSize, distanceBand, warnings };
}

