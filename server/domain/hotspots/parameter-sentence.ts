/**
 * The Gi* parameters in one Dutch sentence, shared by the API's web panel and the CLI. Kept apart
 * from optimized.ts so the web app imports a few lines, not the analysis (kdbush, grid code).
 */

/** Metres in Dutch notation: 1200 -> "1.200 m". */
export const fmtM = (v: number): string => `${Math.round(v).toLocaleString('nl-NL')} m`;

/**
 * E.g. "Cellen van 150 m; afstandsband 450 m, waar de ruimtelijke samenhang het sterkst is;
 * 312 incidenten; FDR-correctie" (no final full stop).
 */
export function parameterSentence(p: { cellSize: number; distanceBand: number; incidents: number; fdr: boolean }, reasons: { distanceBand: string }): string {
  const n = Math.round(p.incidents);
  return [
    `Cellen van ${fmtM(p.cellSize)}`,
    `afstandsband ${fmtM(p.distanceBand)}, ${reasons.distanceBand}`,
    `${n.toLocaleString('nl-NL')} ${n === 1 ? 'incident' : 'incidenten'}`,
    p.fdr ? 'FDR-correctie' : 'zonder FDR-correctie',
  ].join('; ');
}
