/**
 * The decisions (besluiten) of the Plan van aanpak woninginbraken en HIC-delicten, Veiligheids-
 * strategie Oost-Nederland 2015-2018, read from its summary "7. Samenvatting gevraagde besluiten":
 * a plain heading line per theme ("Verkleinen slachtofferkans"), numbered decisions ("2. ...") under
 * it, sub-points (" - a. ...") belonging to the decision above them. The summary ends at "Bijlage".
 */

export interface PlanDecision {
  /** Stable id: prefix and number ("pva2015-besluit-14"). */
  id: string;
  /** The decision's number in the summary (1-17). */
  number: number;
  /** The theme heading it stands under ("Donkere Dagen Offensief"; "Algemeen" for decision 1). */
  theme: string;
  /** The plan's theme number (Thema 1-6), null for "Algemeen". */
  theme_number: number | null;
  /** The decision text with its sub-points as "- a. ..." lines. */
  text: string;
  source_document: string;
  source_line: number;
  source_lines: number[];
}

const START = /^\s*7\.\s*Samenvatting gevraagde besluiten\s*$/i;
const END = /^\s*Bijlage\b/i;
const NUMBERED = /^(\d{1,2})\.\s+(.+)$/;
const SUB = /^\s*-\s*([a-z]\.\s+.+)$/;

/** Reads the decisions; the theme numbers follow the order of the headings after "Algemeen". */
export function parseDecisions(text: string, documentName: string, idPrefix = 'besluit'): PlanDecision[] {
  const lines = text.split(/\r?\n/);
  const out: PlanDecision[] = [];
  let inSummary = false;
  let theme = '';
  let themeNumber: number | null = null;
  let headings = 0;
  lines.forEach((line, i) => {
    const n = i + 1;
    if (!inSummary) {
      inSummary = START.test(line);
      return;
    }
    if (END.test(line)) {
      inSummary = false;
      return;
    }
    const t = line.trim();
    if (!t) return;
    const num = NUMBERED.exec(t);
    const sub = SUB.exec(line);
    const last = out[out.length - 1];
    if (num) {
      out.push({ id: `${idPrefix}-${num[1]}`, number: Number(num[1]), theme, theme_number: themeNumber, text: num[2]!.trim(), source_document: documentName, source_line: n, source_lines: [n] });
    } else if (sub && last) {
      last.text += `\n- ${sub[1]!.trim()}`;
      last.source_lines.push(n);
    } else {
      theme = t;
      themeNumber = /^algemeen$/i.test(t) ? null : ++headings;
    }
  });
  return out;
}
