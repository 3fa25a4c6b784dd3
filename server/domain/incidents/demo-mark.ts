/**
 * How outputs made from demo incidents say so: one Dutch mark for text (letter header and
 * footer, JSON warnings, CSV comments, Knox summaries) and one file-name rule, used by the
 * server's downloads and the web app's own downloads alike.
 */

/** The mark every output made from demo incidents carries. */
export const DEMO_MARK = 'DEMO — fictieve gegevens';

/** The warning of a JSON/GeoJSON output made from demo incidents. */
export const DEMO_WARNING = `${DEMO_MARK}: deze uitvoer is gemaakt met gegenereerde demonstratie-incidenten, niet met echte meldingen. Niet gebruiken voor beslissingen of berichten aan bewoners.`;

/** `name` with a `demo-` prefix when the output was made from demo incidents. */
export function demoFileName(name: string, demo: boolean): string {
  return demo && !name.startsWith('demo-') ? `demo-${name}` : name;
}

/** A Content-Disposition value for a download (ASCII file name, as our names are). */
export function contentDisposition(name: string, demo: boolean, kind: 'attachment' | 'inline' = 'attachment'): string {
  return `${kind}; filename="${demoFileName(name, demo).replace(/[^\w.-]+/g, '-')}"`;
}
