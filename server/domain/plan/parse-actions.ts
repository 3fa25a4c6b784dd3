/**
 * Parser of the Uitvoeringsplan Integrale Veiligheid Apeldoorn 2017-2018 (seed text converted from
 * the PDF): every action row of the tables per theme as a structured record.
 *
 * The text, line by line:
 * - "Thema: <naam>" starts a theme (the "Doel:" and "Veiligheidsbeeld:" lines after it are text).
 * - A table starts with its header "Regievoerder (partners)\tOnderwerp\tActie\tWanneer"; the line
 *   before it (blank lines between allowed) is the sub-table's title ("Overlast in woonomgeving").
 * - A row is four tab-separated cells. Rows of dashes are page-layout separators and skipped.
 * - A row split over a page break continues on a later line: a tab line whose first cell is empty,
 *   or whose only filled cell is the first ("(V&R, Jeugdzorg, ...)"), or whose subject is empty
 *   while the previous row's lead still has an open bracket, is joined to the previous row cell by
 *   cell (its line number is kept in `source_lines`). A plain line starting in lower case right
 *   after a row ("gescreend op signalen ...") continues that row's action.
 * - Footnotes ("¹ ...", "² ...") run until the next tab line and are not part of any row.
 * A new row may have an empty subject (lead, action and when filled): it is kept with subject null.
 */
import { formatAction } from './action-text.js';
import { parseLeadAndPartners } from './organisations.js';
import { normaliseWhen, parsePeriod, PLAN_2017_2018, type Period, type PlanSpan } from './parse-period.js';

export type ActionStatus = 'gepland' | 'lopend' | 'gereed' | 'vervallen';

export interface PlanAction {
  /** Stable id: document key and first source line ("uvp2017-44"). */
  id: string;
  theme: string;
  /** The sub-table's title within the theme ("Overlast in woonomgeving"). */
  table: string;
  lead: string;
  partners: string[];
  subject: string | null;
  /** The action with its bullet points as "- " lines (nested "  - "). */
  action: string;
  bullets: string[];
  /** The "Wanneer" cell as in the source (HTML fragments removed, spacing normalised). */
  when_text: string;
  period: Period | null;
  /** Why the period could not be read (Dutch), or null. */
  period_flag: string | null;
  /** Other oddities of the row (a bracket missing in the source), or null. */
  row_flag: string | null;
  /** Status as the plan states it: ongoing and recurring actions 'lopend', the rest 'gepland'. */
  status: ActionStatus;
  source_document: string;
  /** 1-based line number of the row in the seed text. */
  source_line: number;
  /** Every line the row was read from (more than one when it continued after a page break). */
  source_lines: number[];
}

const HEADER = /^Regievoerder \(partners\)\tOnderwerp\tActie\tWanneer\s*$/;
const SEPARATOR = /^[-\t ]+$/;
const THEME = /^Thema:\s*(.+?)\s*$/;
const FOOTNOTE = /^[¹²³⁴⁵]/;

interface RawRow {
  cells: [string, string, string, string][];
  lines: number[];
  theme: string;
  table: string;
}

const cellsOf = (line: string): [string, string, string, string] => {
  const c = line.split('\t');
  return [c[0] ?? '', c[1] ?? '', c.slice(2, c.length - 1).join(' ') || (c.length === 3 ? (c[2] ?? '') : ''), c.length >= 4 ? (c[c.length - 1] ?? '') : ''];
};
const filled = (s: string) => s.trim() !== '';
const openBracket = (s: string) => (s.match(/\(/g)?.length ?? 0) > (s.match(/\)/g)?.length ?? 0);

function rawRows(text: string): RawRow[] {
  const lines = text.split(/\r?\n/);
  const nextContent = (i: number) => {
    for (let j = i + 1; j < lines.length; j++) if (lines[j]!.trim()) return lines[j]!;
    return '';
  };
  const rows: RawRow[] = [];
  let theme = '';
  let title = '';
  let inTable = false;
  let footnote = false;
  let last: RawRow | null = null;
  lines.forEach((line, i) => {
    const n = i + 1;
    if (!line.trim()) return;
    const t = THEME.exec(line);
    if (t) {
      theme = t[1]!;
      inTable = false;
      last = null;
      return;
    }
    if (HEADER.test(line)) {
      inTable = true;
      last = null;
      footnote = false;
      return;
    }
    if (SEPARATOR.test(line)) return;
    if (HEADER.test(nextContent(i))) {
      title = line.split('\t')[0]!.trim();
      return;
    }
    if (!line.includes('\t')) {
      if (FOOTNOTE.test(line.trim())) footnote = true;
      if (footnote) return;
      if (inTable && last && /^[a-z]/.test(line.trim())) {
        const prev: RawRow = last;
        prev.cells.push(['', '', line.trim(), '']);
        prev.lines.push(n);
        return;
      }
      inTable = false;
      last = null;
      return;
    }
    footnote = false;
    if (!inTable) return;
    const cells = cellsOf(line);
    const prev: RawRow | null = last;
    const continues =
      prev !== null &&
      (!filled(cells[0]) || (!filled(cells[1]) && !filled(cells[2]) && !filled(cells[3])) || (!filled(cells[1]) && openBracket(prev.cells.map((c) => c[0]).join(' '))));
    if (continues && prev) {
      prev.cells.push(cells);
      prev.lines.push(n);
      return;
    }
    last = { cells: [cells], lines: [n], theme, table: title };
    rows.push(last);
  });
  return rows;
}

const join = (parts: string[]) => parts.map((p) => p.trim()).filter(Boolean).join(' ');

/**
 * Every action of the uitvoeringsplan, in document order. `documentName` becomes
 * `source_document`; `idPrefix` the start of each record's id.
 */
export function parsePlanActions(text: string, documentName: string, opts: { idPrefix?: string; span?: PlanSpan } = {}): PlanAction[] {
  const rows = rawRows(text);
  const leadCells = rows.map((r) => join(r.cells.map((c) => c[0])));
  const knownLeads = [...new Set(leadCells.map((c) => parseLeadAndPartners(c)).filter((p) => p.flag === null).map((p) => p.lead))];
  return rows.map((r, i) => {
    const lp = parseLeadAndPartners(leadCells[i]!, knownLeads);
    const when = normaliseWhen(join(r.cells.map((c) => c[3])));
    const { period, flag } = parsePeriod(when, opts.span ?? PLAN_2017_2018);
    const act = formatAction(r.cells.map((c) => c[2]).filter(filled));
    const subject = join(r.cells.map((c) => c[1]));
    return {
      id: `${opts.idPrefix ?? 'actie'}-${r.lines[0]}`,
      theme: r.theme,
      table: r.table,
      lead: lp.lead,
      partners: lp.partners,
      subject: subject || null,
      action: act.text,
      bullets: act.bullets,
      when_text: when,
      period,
      period_flag: flag,
      row_flag: lp.flag,
      status: period && (period.kind === 'doorlopend' || period.kind === 'terugkerend' || period.parts.some((p) => p.kind === 'doorlopend')) ? 'lopend' : 'gepland',
      source_document: documentName,
      source_line: r.lines[0]!,
      source_lines: r.lines,
    };
  });
}
