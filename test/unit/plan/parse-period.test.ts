import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePeriod, periodOverlaps, PLAN_2017_2018 } from '../../../server/domain/plan/parse-period.js';

describe('parsePeriod: the "Wanneer" phrases of the uitvoeringsplan', () => {
  const cases: [string, string, string, string, number][] = [
    // text, kind, from, to, parts
    ['Doorlopend', 'doorlopend', '2017-01-01', '2018-12-31', 1],
    ['Doorlopend, het hele jaar', 'doorlopend', '2017-01-01', '2018-12-31', 1],
    ['Doorlopend wanneer actueel', 'doorlopend', '2017-01-01', '2018-12-31', 1],
    ['2017', 'datum', '2017-01-01', '2017-12-31', 1],
    ['2017 en 2018', 'datum', '2017-01-01', '2018-12-31', 1],
    ['In 2017 en 2018', 'datum', '2017-01-01', '2018-12-31', 1],
    ['2017-2018', 'datum', '2017-01-01', '2018-12-31', 1],
    ['2017 – 2018', 'datum', '2017-01-01', '2018-12-31', 1],
    ['Heel 2017', 'datum', '2017-01-01', '2017-12-31', 1],
    ['In 2017', 'datum', '2017-01-01', '2017-12-31', 1],
    ['Eind 2017', 'datum', '2017-10-01', '2017-12-31', 1],
    ['Begin 2017', 'datum', '2017-01-01', '2017-03-31', 1],
    ['Start 2017', 'datum', '2017-01-01', '2017-03-31', 1],
    ['2 ^e kwartaal 2017', 'datum', '2017-04-01', '2017-06-30', 1],
    ['1 ^e kwartaal 2017', 'datum', '2017-01-01', '2017-03-31', 1],
    ['Tweede kwartaal 2017', 'datum', '2017-04-01', '2017-06-30', 1],
    ['Eerste kwartaal 2017', 'datum', '2017-01-01', '2017-03-31', 1],
    ['1 ^e helft 2017', 'datum', '2017-01-01', '2017-06-30', 1],
    ['2 ^e helft 2017', 'datum', '2017-07-01', '2017-12-31', 1],
    ['Voorjaar 2017', 'datum', '2017-03-01', '2017-05-31', 1],
    ['Najaar 2017', 'datum', '2017-09-01', '2017-11-30', 1],
    ['Eind seizoen 2017 en 2018', 'datum', '2017-09-01', '2018-10-31', 2],
    ['Maandelijks / ad hoc', 'terugkerend', '2017-01-01', '2018-12-31', 1],
    ['maandelijks', 'terugkerend', '2017-01-01', '2018-12-31', 1],
    ['Wekelijks', 'terugkerend', '2017-01-01', '2018-12-31', 1],
    ['2 keer per jaar', 'terugkerend', '2017-01-01', '2018-12-31', 1],
    ['1 keer per twee weken of eerder indien nodig', 'terugkerend', '2017-01-01', '2018-12-31', 1],
    ['Indien noodzakelijk', 'voorwaardelijk', '2017-01-01', '2018-12-31', 1],
    ['Zodra de behoefte er is vanuit de branche', 'voorwaardelijk', '2017-01-01', '2018-12-31', 1],
    // several phrases in one cell (one per bullet of the action)
    ['Doorlopend Eind 2017', 'gemengd', '2017-01-01', '2018-12-31', 2],
    ['2017 en 2018 2017 2017 2018', 'datum', '2017-01-01', '2018-12-31', 4],
    ['<p>2017</p> <p>2018</p>', 'datum', '2017-01-01', '2018-12-31', 2],
    ['<p>Eerste kwartaal 2017 Eerste kwartaal 2017 Eerste kwartaal 2017</p> <p>Doorlopend</p>', 'gemengd', '2017-01-01', '2018-12-31', 4],
    ['Doorlopend Vier kwartaal 2017 start', 'gemengd', '2017-01-01', '2018-12-31', 2],
    ['- Doorlopend, het hele jaar - 1 ^e helft 2017', 'gemengd', '2017-01-01', '2018-12-31', 2],
  ];
  it.each(cases)('%s', (text, kind, from, to, parts) => {
    const { period, flag } = parsePeriod(text);
    expect(flag).toBeNull();
    expect(period).toMatchObject({ kind, from, to });
    expect(period!.parts).toHaveLength(parts);
  });

  it('keeps the two seasons of "Eind seizoen 2017 en 2018" apart (not the summer in between)', () => {
    const { period } = parsePeriod('Eind seizoen 2017 en 2018');
    expect(period!.parts.map((p) => [p.from, p.to])).toEqual([
      ['2017-09-01', '2017-10-31'],
      ['2018-09-01', '2018-10-31'],
    ]);
    expect(periodOverlaps(period, '2018-06-01', '2018-07-31')).toBe(false);
    expect(periodOverlaps(period, '2018-10-15', '2018-12-31')).toBe(true);
  });

  it('"<period> start": from the start of that period to the end of the plan', () => {
    const part = parsePeriod('Vier kwartaal 2017 start').period!.parts[0]!;
    expect(part).toMatchObject({ from: '2017-10-01', to: '2018-12-31', text: 'Vier kwartaal 2017 start' });
  });

  it('names the recurrence', () => {
    expect(parsePeriod('Maandelijks / ad hoc').period!.parts[0]!.recurrence).toEqual(['maandelijks', 'ad hoc']);
    expect(parsePeriod('1 keer per twee weken of eerder indien nodig').period!.parts[0]!.recurrence).toEqual(['tweewekelijks', 'ad hoc']);
  });

  it('flags what it cannot read instead of guessing', () => {
    expect(parsePeriod('')).toEqual({ period: null, flag: 'geen termijn ingevuld in de bron' });
    expect(parsePeriod('<p></p>').flag).toBe('geen termijn ingevuld in de bron');
    expect(parsePeriod('Na de zomer').flag).toMatch(/niet te lezen vanaf "Na de zomer"/);
    // partly readable is still flagged: "Doorlopend" alone would hide the rest
    expect(parsePeriod('Doorlopend tot de evaluatie')).toMatchObject({ period: null });
    // a year glued to a word is not a year
    expect(parsePeriod('2017x').period).toBeNull();
    expect(parsePeriod('3e helft 2017').period).toBeNull();
  });

  it('takes the plan span as a parameter (Doorlopend in another plan)', () => {
    expect(parsePeriod('Doorlopend', { from: '2019-01-01', to: '2022-12-31' }).period).toMatchObject({ from: '2019-01-01', to: '2022-12-31' });
    expect(PLAN_2017_2018).toEqual({ from: '2017-01-01', to: '2018-12-31' });
  });
});

describe('parsePeriod: properties', () => {
  const phrase = fc.oneof(
    fc.integer({ min: 2000, max: 2099 }).map(String),
    fc.tuple(fc.constantFrom('1 ^e', '2 ^e', '3e', '4e', 'Eerste', 'Tweede', 'Derde', 'Vierde'), fc.integer({ min: 2000, max: 2099 })).map(([q, y]) => `${q} kwartaal ${y}`),
    fc.tuple(fc.constantFrom('1 ^e', '2e', 'Eerste', 'Tweede'), fc.integer({ min: 2000, max: 2099 })).map(([h, y]) => `${h} helft ${y}`),
    fc.tuple(fc.constantFrom('Begin', 'Eind', 'Medio', 'Voorjaar', 'Najaar', 'Heel', 'In', 'Eind seizoen'), fc.integer({ min: 2000, max: 2099 })).map(([w, y]) => `${w} ${y}`),
    fc.constantFrom('Doorlopend', 'Maandelijks / ad hoc', 'Wekelijks', '2 keer per jaar', 'Indien noodzakelijk'),
  );

  // " - " and " en " are left out as separators: between two years they make a range ("2017 - 2018").
  it('any sequence of known phrases reads as that many parts, each with from <= to inside the envelope', () => {
    fc.assert(
      fc.property(fc.array(phrase, { minLength: 1, maxLength: 5 }), fc.constantFrom(' ', '</p> <p>', ', ', ' / '), (phrases, sep) => {
        const { period, flag } = parsePeriod(phrases.join(sep));
        expect(flag).toBeNull();
        expect(period!.parts).toHaveLength(phrases.length);
        for (const p of period!.parts) {
          expect(p.from <= p.to).toBe(true);
          expect(p.from >= period!.from && p.to <= period!.to).toBe(true);
          expect(p.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(new Date(`${p.to}T00:00:00Z`).toISOString().slice(0, 10)).toBe(p.to); // a real date
        }
      }),
    );
  });

  it('never throws, and gives either a period or a flag', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const r = parsePeriod(s);
        expect((r.period === null) !== (r.flag === null)).toBe(true);
      }),
    );
  });
});
