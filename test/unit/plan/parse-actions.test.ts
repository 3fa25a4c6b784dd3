import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatAction } from '../../../server/domain/plan/action-text.js';
import { involvesOrganisation, parseLeadAndPartners } from '../../../server/domain/plan/organisations.js';
import { parsePlanActions } from '../../../server/domain/plan/parse-actions.js';
import { buildPlanActions, PLAN_ACTIONS_FILE, planActionsJson, UITVOERINGSPLAN } from '../../../server/ingest/plan/plan-actions.js';

const H = 'Regievoerder (partners)\tOnderwerp\tActie\tWanneer';
/** A small plan in the seed's shape, with each odd row of the real one. */
const SAMPLE = [
  'Thema: Sociale kwaliteit', // 1
  '', // 2
  'Doel: minder overlast.', // 3
  '', // 4
  'Overlast in woonomgeving\t\t\t', // 5
  H, // 6
  'Gemeente V&R (politie, brandweer)\tTeam woonoverlast\t<ul style="list-style-type: none"> - 1 x per maand bespreken. - Evaluatie werkwijze. \tDoorlopend Eind 2017', // 7
  'Gemeente JZW (RL, V&R,\tTaskforce\t<ul style="list-style-type: none"> - Taskforce huisvesting, - Monitoren of er nader \t', // 8
  '', // 9
  'politie, OM)\t\tafspraken nodig zijn.\t', // 10
  'Politie (OM)\t\tDe politie deelt informatie\tWekelijks', // 11
  '--\t--\t--\t--', // 12
  '', // 13
  'Aanpak', // 14
  '', // 15
  H, // 16
  'Politie\tInformatievoorziening\tLevert informatie aan de gemeente en eventuele\tMaandelijks / ad hoc', // 17
  '', // 18
  '¹ Een voetnoot', // 19
  'die doorloopt.', // 20
  '', // 21
  '\t\tpartners over de sociale kwaliteit\t', // 22
  'Gemeente Coördinator preventie\tSamenwerking\tEvaluatie overleg.\tNa de zomer', // 23
  '', // 24
  '(V&R, Jeugdzorg)\t\t\t', // 25
  'RIEC (Politie)\tConvenant\tSnel delen: <ul style="list-style-type: none"> - Alle informatie wordt dagelijks \tDoorlopend', // 26
  '', // 27
  'gescreend op signalen', // 28
  '', // 29
  'Thema: Veilig Toerisme', // 30
  'Aanpak\t\t\t', // 31
  H, // 32
  'Veilig Thuis Gemeente, Politie)\tZorg\tHulp bieden\tEind seizoen 2017 en 2018', // 33
  'Veilig Thuis (GGD)\tMeldpunt\tMelden\t2 ^e kwartaal 2017', // 34
].join('\n');

describe('parsePlanActions on a sample with the odd rows of the seed', () => {
  const rows = parsePlanActions(SAMPLE, 'sample.txt', { idPrefix: 's' });

  it('finds every row once, with theme, sub-table and source line', () => {
    expect(rows.map((r) => [r.source_line, r.theme, r.table])).toEqual([
      [7, 'Sociale kwaliteit', 'Overlast in woonomgeving'],
      [8, 'Sociale kwaliteit', 'Overlast in woonomgeving'],
      [11, 'Sociale kwaliteit', 'Overlast in woonomgeving'],
      [17, 'Sociale kwaliteit', 'Aanpak'],
      [23, 'Sociale kwaliteit', 'Aanpak'],
      [26, 'Sociale kwaliteit', 'Aanpak'],
      [33, 'Veilig Toerisme', 'Aanpak'],
      [34, 'Veilig Toerisme', 'Aanpak'],
    ]);
    expect(rows[0]).toMatchObject({ id: 's-7', source_document: 'sample.txt', lead: 'Gemeente V&R', partners: ['politie', 'brandweer'], subject: 'Team woonoverlast' });
  });

  it('keeps bullet points', () => {
    expect(rows[0]!.action).toBe('- 1 x per maand bespreken.\n- Evaluatie werkwijze.');
    expect(rows[0]!.bullets).toEqual(['1 x per maand bespreken.', 'Evaluatie werkwijze.']);
  });

  it('joins a row continued after a page break, also inside the lead cell and a bullet', () => {
    expect(rows[1]).toMatchObject({ source_lines: [8, 10], lead: 'Gemeente JZW', partners: ['RL', 'V&R', 'politie', 'OM'], when_text: '', period: null, period_flag: 'geen termijn ingevuld in de bron' });
    expect(rows[1]!.action).toBe('- Taskforce huisvesting,\n- Monitoren of er nader afspraken nodig zijn.');
  });

  it('keeps a new row with an empty subject as a row (not a continuation)', () => {
    expect(rows[2]).toMatchObject({ source_lines: [11], lead: 'Politie', partners: ['OM'], subject: null, action: 'De politie deelt informatie', status: 'lopend' });
  });

  it('skips footnotes between a row and its continuation', () => {
    expect(rows[3]).toMatchObject({ source_lines: [17, 22], action: 'Levert informatie aan de gemeente en eventuele partners over de sociale kwaliteit' });
    expect(rows.some((r) => r.action.includes('voetnoot') || r.action.includes('doorloopt'))).toBe(false);
  });

  it('joins a lead whose partners continue on their own line', () => {
    expect(rows[4]).toMatchObject({ source_lines: [23, 25], lead: 'Gemeente Coördinator preventie', partners: ['V&R', 'Jeugdzorg'] });
  });

  it('flags an unreadable period and keeps the row', () => {
    expect(rows[4]).toMatchObject({ when_text: 'Na de zomer', period: null, status: 'gepland' });
    expect(rows[4]!.period_flag).toMatch(/niet te lezen/);
  });

  it('continues an action with a plain lower-case line after the row', () => {
    expect(rows[5]).toMatchObject({ source_lines: [26, 28], action: 'Snel delen:\n- Alle informatie wordt dagelijks gescreend op signalen' });
  });

  it('repairs a lead whose opening bracket is missing from a lead seen elsewhere, and flags it', () => {
    expect(rows[6]).toMatchObject({ lead: 'Veilig Thuis', partners: ['Gemeente', 'Politie'], row_flag: 'haakje "(" ontbreekt in de bron' });
    expect(rows[6]!.period!.parts).toHaveLength(2);
    expect(rows[7]).toMatchObject({ period: { from: '2017-04-01', to: '2017-06-30' }, when_text: '2e kwartaal 2017', status: 'gepland' });
  });
});

describe('action text', () => {
  it('nests "•" and "o " items and ends a nested list at the next dash', () => {
    const t = formatAction(['<ul> - Strafeis:<ul>o 3 maanden,o 5 maanden eno 7 maanden.- Ter voorkoming; • Punt'] as const);
    expect(t.text).toBe('- Strafeis:\n  - 3 maanden,\n  - 5 maanden en\n  - 7 maanden.\n- Ter voorkoming;\n  - Punt');
  });
  it('numbers in <ol> lists and paragraphs in <p>', () => {
    const t = formatAction(['<p>Thema\'s:</p> <ol> 1. Zorg in de wijk 2. Wonen <p>Ad. 1: opschalen.</p>']);
    expect(t.text).toBe("Thema's:\n- Zorg in de wijk\n- Wonen\nAd. 1: opschalen.");
  });
  it('leaves hyphenated words alone', () => {
    expect(formatAction(['verbinding zorg- en strafketen, de ZSM- tafel']).text).toBe('verbinding zorg- en strafketen, de ZSM- tafel');
  });
});

describe('lead and partners', () => {
  it('reads nested brackets and a trailing comma', () => {
    expect(parseLeadAndPartners('Gemeente V&R (Politie, zorgregisseurs en anderen (bijv. Woningcorp.))')).toEqual({ lead: 'Gemeente V&R', partners: ['Politie', 'zorgregisseurs en anderen (bijv. Woningcorp.)'], flag: null });
    expect(parseLeadAndPartners('Gemeente JZW (Politie, Halt,)').partners).toEqual(['Politie', 'Halt']);
  });
  it('matches an organisation by name or kind, not by a fragment of another word', () => {
    const a = { lead: 'Gemeente V&R/THOR', partners: ['Politie', 'OM', 'woningbouwcorporaties'] };
    expect(involvesOrganisation(a, { name: 'Politie' })).toBe(true);
    expect(involvesOrganisation(a, { name: 'THOR' })).toBe(true);
    expect(involvesOrganisation(a, { name: 'Woonstichting De Goede Woning', kind: 'woningcorporatie' })).toBe(true);
    expect(involvesOrganisation(a, { name: 'Gemeente Apeldoorn', kind: 'gemeente' })).toBe(true);
    expect(involvesOrganisation(a, { name: 'Brandweer', kind: 'brandweer' })).toBe(false);
    expect(involvesOrganisation(a, { name: 'O' })).toBe(false);
  });
});

describe('the real uitvoeringsplan and plan van aanpak', () => {
  const built = buildPlanActions();
  const seed = readFileSync(new URL(`../../../geodata/seeds/${UITVOERINGSPLAN}`, import.meta.url), 'utf8').split('\n');

  it('finds the 109 table rows: every tab line with a lead is a row or a known continuation', () => {
    expect(built.actions).toHaveLength(109);
    const starts = new Set(built.actions.map((a) => a.source_line));
    const covered = new Set(built.actions.flatMap((a) => a.source_lines));
    seed.forEach((line, i) => {
      const c = line.split('\t');
      if (c.length < 4 || /^Regievoerder/.test(line) || /^[-\t ]+$/.test(line) || c.slice(1).every((x) => !x.trim())) return;
      expect(covered.has(i + 1), `line ${i + 1}`).toBe(true);
      if (c[0]!.trim() && c[1]!.trim()) expect(starts.has(i + 1), `line ${i + 1} starts a row`).toBe(true);
    });
  });

  it('counts rows per theme as in the seed', () => {
    const per: Record<string, number> = {};
    for (const a of built.actions) per[a.theme] = (per[a.theme] ?? 0) + 1;
    expect(per).toEqual({
      'Sociale kwaliteit': 28,
      'Objectieve veiligheid – huiselijk geweld': 12,
      'Objectieve veiligheid – High Impact Crime (HIC)': 15,
      'Jeugdcriminaliteit, loverboys en jeugdprostitutie': 26,
      'Georganiseerde criminaliteit': 16,
      'Veilig Toerisme': 12,
    });
  });

  it('has a period for every row but the one with an empty Wanneer cell (line 49), which is flagged', () => {
    const flagged = built.actions.filter((a) => a.period === null);
    expect(flagged.map((a) => [a.source_line, a.period_flag])).toEqual([[49, 'geen termijn ingevuld in de bron']]);
  });

  it('reads the 17 decisions with their theme', () => {
    expect(built.decisions.map((d) => d.number)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(built.decisions[13]).toMatchObject({ theme: 'Digitaal Opkopers Register', theme_number: 5, source_line: 212, source_lines: [212, 213, 214, 215] });
    expect(built.decisions[13]!.text.split('\n')).toHaveLength(4);
    expect(built.decisions[14]).toMatchObject({ theme: 'Informatiegestuurd werken', theme_number: 6, source_line: 219 });
  });

  it('geodata/plan-actions.json is exactly what the parsers make of the seeds (run npm run geodata:actions)', () => {
    expect(readFileSync(PLAN_ACTIONS_FILE, 'utf8')).toBe(planActionsJson(built));
  });
});
