/**
 * The "Actie" cell of the uitvoeringsplan as readable text with its bullet points kept. The seed
 * text is a conversion from the PDF with HTML fragments left in (`<ul>`, `<ol>`, `<p>`), rarely
 * closed, and list items marked by "- ", "• ", "o " (nested lists) or "1. " (numbered lists),
 * sometimes without a space before them ("kennen.- Uitvoering", "recidive eno 7 maanden").
 *
 * Output: paragraphs as lines; first-level items as "- item", nested items ("•", "o ", and dashes
 * after a second `<ul>`) as "  - item"; `bullets` lists every item's text in order.
 */

export interface ActionText {
  text: string;
  bullets: string[];
}

type Token = { tag: 'ul' | 'ol' | 'p' | '/p' | '/ul' | '/ol' } | { text: string };

function tokens(raw: string): Token[] {
  const out: Token[] = [];
  const re = /<(\/?)(ul|ol|p|i)\b[^>]*>/gi;
  let last = 0;
  for (const m of raw.matchAll(re)) {
    if (m.index > last) out.push({ text: raw.slice(last, m.index) });
    const tag = m[2]!.toLowerCase();
    if (tag !== 'i') out.push({ tag: `${m[1] ? '/' : ''}${tag}` as 'ul' });
    else out.push({ text: '' });
    last = m.index + m[0].length;
  }
  if (last < raw.length) out.push({ text: raw.slice(last) });
  // <i> was dropped: glue its neighbours back together
  const merged: Token[] = [];
  for (const t of out) {
    const prev = merged[merged.length - 1];
    if ('text' in t && prev && 'text' in prev) prev.text += t.text;
    else merged.push(t);
  }
  return merged;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Splits a run of text into its lead-in and items. Dashes start an item at the start or after a
 * space or punctuation; "•" always; "o " (before a digit or capital) only in nested lists, also
 * glued to a word ending in "en" as in the source's "eno 7 maanden"; "N. " only in numbered lists.
 */
function split(text: string, nested: boolean, numbered: boolean): { marker: 'dash' | 'dot' | 'o' | 'num' | null; text: string }[] {
  const alts = ['(?:^|(?<=[\\s.;:,)]))-\\s*(?=\\S)', '•'];
  if (nested) alts.push('(?:^|(?<=[\\s,.;:]|\\ben))o\\s+(?=[0-9A-Z])');
  if (numbered) alts.push('(?:^|(?<=\\s))\\d{1,2}\\.\\s+(?=[A-Z])');
  const re = new RegExp(alts.join('|'), 'g');
  const parts: { marker: 'dash' | 'dot' | 'o' | 'num' | null; text: string }[] = [];
  let last = 0;
  let marker: 'dash' | 'dot' | 'o' | 'num' | null = null;
  for (const m of text.matchAll(re)) {
    parts.push({ marker, text: text.slice(last, m.index) });
    const s = m[0].trim();
    marker = s.startsWith('-') ? 'dash' : s === '•' ? 'dot' : s.startsWith('o') ? 'o' : 'num';
    last = m.index + m[0].length;
  }
  parts.push({ marker, text: text.slice(last) });
  return parts.filter((p) => clean(p.text) !== '' || p.marker !== null).filter((p) => clean(p.text) !== '');
}

/** Formats one or more raw "Actie" cells (a row and its continuations after a page break). */
export function formatAction(segments: readonly string[]): ActionText {
  const lines: string[] = [];
  const bullets: string[] = [];
  for (const seg of segments) {
    let depth = 0;
    let numbered = false;
    // a nested list of "•"/"o " items has no closing tag in the source: the next dash ends it
    let symbols = false;
    for (const t of tokens(seg)) {
      if ('tag' in t) {
        if (t.tag === 'ul' || t.tag === 'ol') depth++;
        if (t.tag === 'ol') numbered = true;
        if (t.tag === '/ul' || t.tag === '/ol') depth = Math.max(0, depth - 1);
        if (t.tag === 'p' || t.tag === '/p') depth = 0;
        symbols = false;
        continue;
      }
      for (const p of split(t.text, depth >= 2, numbered)) {
        const body = clean(p.text);
        if (p.marker === null) {
          // text after the last item of a page continues that item ("... nader" + "afspraken te maken")
          if (lines.length && /^[a-z]/.test(body) && bullets.length && lines[lines.length - 1]!.trimStart().startsWith('- ')) {
            lines[lines.length - 1] += ` ${body}`;
            bullets[bullets.length - 1] += ` ${body}`;
          } else if (lines.length && /^[a-z(]/.test(body)) lines[lines.length - 1] += ` ${body}`;
          else lines.push(body);
          continue;
        }
        if (p.marker === 'dot' || p.marker === 'o') symbols = true;
        else if (p.marker === 'dash' && symbols) {
          depth = 1;
          symbols = false;
        }
        const level2 = p.marker === 'dot' || p.marker === 'o' || (p.marker === 'dash' && depth >= 2);
        lines.push(`${level2 ? '  ' : ''}- ${body}`);
        bullets.push(body);
      }
    }
  }
  return { text: lines.join('\n'), bullets };
}
