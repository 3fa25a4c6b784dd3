/**
 * A register's records as a semicolon CSV (UTF-8): one row per record, the declaration's columns,
 * nested values (lists of visits, partners, ...) as JSON, the geometry as WKT in WGS84. Made from
 * demo records, it starts with a "# DEMO — fictieve gegevens" comment line.
 */
import Papa from 'papaparse';

export interface CsvRecord {
  id: number;
  properties: Record<string, unknown>;
  wkt: string | null;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'ja' : 'nee';
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  // A leading =, +, - or @ is prefixed so a spreadsheet does not run it as a formula.
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** `columns` are [key, header] pairs; `id`, `version`, `demo` and `geometrie_wkt` are added. */
export function registerCsv(records: readonly CsvRecord[], columns: readonly { key: string; label: string }[], demoComment: string | null): string {
  const fields = ['id', ...columns.map((c) => c.label), 'versie', 'demo', 'geometrie_wkt'];
  const data = records.map((r) => [String(r.id), ...columns.map((c) => cell(r.properties[c.key])), cell(r.properties.version), cell(r.properties.demo), r.wkt ?? '']);
  const body = Papa.unparse({ fields, data }, { delimiter: ';', newline: '\n', quotes: true });
  return `${demoComment ? `# ${demoComment}\n` : ''}${body.replace(/\n$/, '')}\n`;
}
