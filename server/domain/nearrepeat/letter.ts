/**
 * The notification task for a live near-repeat zone (pure, Dutch text): the letter to the
 * neighbouring homes and the Burgernet message for participants within 200 m of the burglary.
 *
 * Only address-free facts go in: dates, the kind (burglary or attempt), the wijk names, the
 * radius and how long the risk is raised. Phone numbers are the real national ones only:
 * 112 (emergency, a crime in progress) and the police's non-emergency number 0900-8844.
 */
import { localDate } from '../incidents/time.js';
import { lastRiskDate } from './last-day.js';
import { DEMO_MARK } from '../incidents/demo-mark.js';

export interface LetterZone {
  /** The burglaries in the zone: kind (woninginbraak / poging_woninginbraak) and event time. */
  members: readonly { kind: string; to: Date }[];
  /** Whole days the raised risk still lasts, counting the letter's date (see zones.ts). */
  daysLeft: number;
  /** End of the zone's risk window. */
  expiresAt: Date;
  /** Zone radius in metres. */
  radiusMetres: number;
  /** Names of the wijken the zone lies in, largest overlap first. */
  wijken: readonly string[];
}

export interface LetterOptions {
  /** Municipality name for the sender and the heading, e.g. "Apeldoorn". */
  municipality: string;
  /** Date of the letter (the zones' reference date). */
  date: Date;
  /** Radius of the Burgernet message; default 200 m. */
  burgernetRadiusMetres?: number;
  /** Made from demo incidents: a DEMO header and footer frame the text. */
  demo?: boolean;
}

/** Header and footer of a letter made from demo incidents. */
export const DEMO_LETTER_LINE = `${DEMO_MARK}: gemaakt met gegenereerde demonstratie-incidenten. NIET VERSTUREN.`;

const dateFmt = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });

/** "12 maart 2025" (Europe/Amsterdam). */
function dutchDate(d: Date): string {
  return dateFmt.format(d);
}

/** "a", "a en b", "a, b en c". */
function dutchList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}

const nl = (v: number): string => new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 }).format(v);

function days(n: number): string {
  return n === 1 ? '1 dag' : `${nl(n)} dagen`;
}

/**
 * The last calendar date (Amsterdam, YYYY-MM-DD) on which the zone is still shown, the same rule
 * as the zone's "t/m" label in the web app (last-day.ts), never before the letter's date.
 */
export function lastRiskDay(expiresAt: Date, notBefore: Date): string {
  const last = lastRiskDate(expiresAt);
  const first = localDate(notBefore);
  return last < first ? first : last;
}

/** "12 maart 2025" for a YYYY-MM-DD date. */
function dutchCalendarDate(date: string): string {
  return dutchDate(new Date(`${date}T12:00:00Z`));
}

interface Facts {
  dates: string[];
  burglaries: number;
  attempts: number;
  where: string;
  lastDay: string;
}

function facts(zone: LetterZone, options: LetterOptions): Facts {
  const sorted = [...zone.members].sort((a, b) => a.to.getTime() - b.to.getTime());
  const dates: string[] = [];
  for (const m of sorted) {
    const d = dutchDate(m.to);
    if (!dates.includes(d)) dates.push(d);
  }
  const attempts = zone.members.filter((m) => m.kind === 'poging_woninginbraak').length;
  const wijken = zone.wijken.filter((w) => w.trim() !== '');
  const where = wijken.length === 0 ? 'in uw buurt' : `in uw buurt (${wijken.length === 1 ? 'wijk' : 'wijken'} ${dutchList(wijken)})`;
  return { dates, burglaries: zone.members.length - attempts, attempts, where, lastDay: dutchCalendarDate(lastRiskDay(zone.expiresAt, options.date)) };
}

function whatHappened(f: Facts): string {
  const total = f.burglaries + f.attempts;
  if (total === 1) {
    return f.attempts === 1
      ? `Op ${f.dates[0]} is ${f.where} geprobeerd in te breken in een woning.`
      : `Op ${f.dates[0]} is ${f.where} ingebroken in een woning.`;
  }
  const parts: string[] = [];
  if (f.burglaries > 0) parts.push(f.burglaries === 1 ? '1 inbraak' : `${nl(f.burglaries)} inbraken`);
  if (f.attempts > 0) parts.push(f.attempts === 1 ? '1 poging tot inbraak' : `${nl(f.attempts)} pogingen tot inbraak`);
  return `${f.where.charAt(0).toUpperCase()}${f.where.slice(1)} is op ${dutchList(f.dates)} ingebroken of geprobeerd in te breken in woningen (${dutchList(parts)}).`;
}

/** The letter to the neighbouring homes of a zone (plain text, Dutch). */
export function buildNotificationLetter(zone: LetterZone, options: LetterOptions): string {
  const f = facts(zone, options);
  const sender = `Gemeente ${options.municipality}`;
  return [
    sender,
    '',
    `${options.municipality}, ${dutchDate(options.date)}`,
    '',
    'Betreft: inbraak in uw buurt',
    '',
    'Beste bewoner,',
    '',
    `${whatHappened(f)} Wij informeren u hierover omdat u in de buurt woont.`,
    '',
    'Na een inbraak is de kans op een nieuwe inbraak in de directe omgeving een tijd verhoogd: inbrekers ' +
      'komen vaak terug naar een buurt die zij al kennen. Daarom is de kans op een nieuwe inbraak binnen ' +
      `ongeveer ${nl(zone.radiusMetres)} meter in de komende ${days(zone.daysLeft)} (tot en met ${f.lastDay}) verhoogd. ` +
      'Wij vragen u extra alert te zijn.',
    '',
    'Tips om inbraak te voorkomen:',
    '- Sluit ramen en deuren altijd af, ook als u maar even weg bent of in de tuin bent. Draai de deur op slot met de sleutel.',
    '- Laat geen sleutels in het slot of in het zicht bij de deur liggen en leg ladders en gereedschap binnen of in een afgesloten schuur.',
    "- Laat uw huis bewoond lijken als u weg bent: gebruik een tijdschakelaar voor de verlichting en laat geen post of pakketjes buiten liggen.",
    '- Zorg voor goede verlichting rond de voor- en achterdeur en houd het zicht op uw deuren en ramen vrij.',
    '- Ken uw buren en let op elkaar en op elkaars huis.',
    '',
    'Ziet u iets verdachts, bijvoorbeeld iemand die bij woningen naar binnen kijkt of aan deuren en ramen voelt? ' +
      'Bel dan direct 112. Heeft u informatie of een tip voor de politie, maar is er geen spoed? Bel dan 0900-8844.',
    '',
    'Wilt u ook een bericht krijgen als de politie hulp zoekt bij u in de buurt? Meld u dan aan bij Burgernet (www.burgernet.nl).',
    '',
    'Met vriendelijke groet,',
    '',
    `${sender}, in samenwerking met de politie`,
    '',
  ].join('\n');
}

/** The Burgernet message for participants within 200 m of the burglaries of a zone (plain text, Dutch). */
export function buildBurgernetMessage(zone: LetterZone, options: LetterOptions): string {
  const what = whatHappened(facts(zone, options));
  return (
    `Burgernet ${options.municipality}: ${what} De kans op een nieuwe inbraak in de buurt is de komende ` +
    `${days(zone.daysLeft)} verhoogd. Sluit ramen en deuren af en let op verdachte situaties. ` +
    'Ziet u iets verdachts? Bel direct 112. Tips zonder spoed: politie 0900-8844.'
  );
}

/** Letter and Burgernet message together, as the letter endpoint returns them. */
export function buildNotificationText(zone: LetterZone, options: LetterOptions): string {
  const radius = options.burgernetRadiusMetres ?? 200;
  const demoHeader = options.demo ? [DEMO_LETTER_LINE, ''] : [];
  const demoFooter = options.demo ? [DEMO_LETTER_LINE, ''] : [];
  return [
    ...demoHeader,
    buildNotificationLetter(zone, options),
    '----------------------------------------------------------------------',
    '',
    `Burgernet-bericht voor deelnemers binnen ${nl(radius)} m van de ${zone.members.length === 1 ? 'inbraak' : 'inbraken'}:`,
    '',
    buildBurgernetMessage(zone, options),
    '',
    ...demoFooter,
  ].join('\n');
}
