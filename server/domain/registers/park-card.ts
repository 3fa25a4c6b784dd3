/**
 * Pure helpers of the park information card (informatiekaart): the latest dated entry of a list
 * and the three findings the integral control actions look for (Thema Veilig Toerisme: permanent
 * residence, the night register, registration in the BRP). Findings are free text in the register,
 * so a finding "counts" when its text names the subject; the card says "genoemd", never more.
 */

/** The entry with the latest ISO date (YYYY-MM-DD), or null for an empty or missing list. */
export function latestByDate<T extends { date: string }>(list: readonly T[] | null | undefined): T | null {
  let best: T | null = null;
  for (const e of list ?? []) if (!best || e.date > best.date) best = e;
  return best;
}

export const FINDING_SUBJECTS = ['permanentResidence', 'nightRegister', 'brp'] as const;
export type FindingSubject = (typeof FINDING_SUBJECTS)[number];

const PATTERNS: Record<FindingSubject, RegExp> = {
  permanentResidence: /permanent\w*\s+bewo|permanente bewoning|bewoning/i,
  nightRegister: /nachtregister/i,
  brp: /\bBRP\b|basisregistratie personen|inschrijving/i,
};

/** Which of the three subjects the findings name (case-insensitive text match). */
export function findingSubjects(findings: readonly string[]): Record<FindingSubject, boolean> {
  const out = {} as Record<FindingSubject, boolean>;
  for (const s of FINDING_SUBJECTS) out[s] = findings.some((f) => PATTERNS[s].test(f));
  return out;
}

/** A file-name slug: lower case ASCII letters, digits and single dashes ("De Heidebloem" -> "de-heidebloem"). */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'park';
}
