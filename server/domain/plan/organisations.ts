/**
 * The "Regievoerder (partners)" cell: the lead organisation, then its partners in brackets
 * ("Gemeente V&R (Politie, OM, zorgregisseurs en anderen (bijv. Woningcorp.))"), and matching an
 * account's organisation against an action's lead and partners.
 */

export interface LeadAndPartners {
  lead: string;
  partners: string[];
  /** Set when the cell could not be read as written (Dutch), e.g. a bracket missing in the source. */
  flag: string | null;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map(clean).filter(Boolean);
}

/**
 * Reads the cell. `knownLeads` (leads read from well-formed cells) repairs a cell whose opening
 * bracket is missing in the source ("Veilig Thuis Gemeente, Politie, OM, GGD)"): the longest known
 * lead it starts with is the lead, the rest the partners; the record is flagged either way.
 */
export function parseLeadAndPartners(cell: string, knownLeads: readonly string[] = []): LeadAndPartners {
  const text = clean(cell);
  const open = text.indexOf('(');
  if (open < 0) {
    if (!text.includes(')')) return { lead: text, partners: [], flag: null };
    const lead = [...knownLeads].sort((a, b) => b.length - a.length).find((l) => text.startsWith(`${l} `));
    const flag = 'haakje "(" ontbreekt in de bron';
    if (!lead) return { lead: text.replace(/\)$/, ''), partners: [], flag };
    return { lead, partners: splitTopLevel(text.slice(lead.length).replace(/\)\s*$/, '')), flag };
  }
  const lead = clean(text.slice(0, open));
  let depth = 0;
  let close = -1;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) {
      close = i;
      break;
    }
  }
  const inner = text.slice(open + 1, close < 0 ? undefined : close);
  return { lead, partners: splitTopLevel(inner), flag: close < 0 ? 'haakje ")" ontbreekt in de bron' : null };
}

/** Organisation kinds of the accounts (server/contract/auth.ts) and how the plan names them. */
const KIND_PATTERNS: Record<string, RegExp> = {
  politie: /^politie\b/i,
  brandweer: /^brandweer\b/i,
  gemeente: /^(gemeente|gemeenten)\b/i,
  woningcorporatie: /^(woningbouwcorporatie|woningcorporatie|woningcorp)/i,
};

const norm = (s: string) => clean(s.toLowerCase().replace(/[()]/g, ' '));

/**
 * Whether an organisation (account organisation name and kind, or a search text) is the lead or
 * a partner of an action: its name equals or starts one of them ("Politie" matches "Politie
 * (Gemeente)" and "politie"), or its kind is named (kind 'gemeente' matches "Gemeente V&R").
 */
export function involvesOrganisation(action: { lead: string; partners: readonly string[] }, org: { name: string; kind?: string | null }): boolean {
  const names = [action.lead, ...action.partners].flatMap((n) => n.split('/')).map(norm);
  const want = norm(org.name);
  const hit = (n: string) => n === want || n.startsWith(`${want} `) || (!want.includes(' ') && n.split(' ').includes(want));
  if (want && names.some(hit)) return true;
  const pattern = org.kind ? KIND_PATTERNS[org.kind] : undefined;
  return pattern ? names.some((n) => pattern.test(n)) : false;
}
