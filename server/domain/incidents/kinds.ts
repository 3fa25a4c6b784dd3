/**
 * Incident kinds: the Dutch "high impact crimes" (HIC) that Veiligheidskaart maps.
 *
 * HIC in the Dutch police and policy sense (see the plan van aanpak woninginbraken en HIC-delicten
 * Oost-Nederland 2015) are woninginbraak, straatroof, overval and geweld. Attempted burglary
 * (poging) is kept as its own kind because attempts are ~30-40 % of registrations and matter for
 * near-repeat and prevention work (a failed attempt still marks a targeted street).
 *
 * Import files name kinds in many ways ("Woninginbraak", "inbraak woning", "Diefstal/inbraak
 * woning", "burglary", "poging_woninginbraak", ...). `parseIncidentKind` normalises the text
 * (case, accents, punctuation) and looks it up in the synonym table below.
 */
import { z } from 'zod';

export const INCIDENT_KINDS = ['woninginbraak', 'poging_woninginbraak', 'straatroof', 'overval', 'geweld'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const IncidentKindSchema = z.enum(INCIDENT_KINDS);

export interface IncidentKindInfo {
  kind: IncidentKind;
  /** Dutch label for the UI. */
  label: string;
  /** Short Dutch explanation (tooltip / legend). */
  description: string;
  /** Residential burglary (completed or attempted): the kinds near-repeat analysis is about. */
  burglary: boolean;
  /** Import spellings (besides the kind itself and the label), compared after `normalizeLabel`. */
  synonyms: readonly string[];
}

export const INCIDENT_KIND_INFO: Readonly<Record<IncidentKind, IncidentKindInfo>> = {
  woninginbraak: {
    kind: 'woninginbraak',
    label: 'Woninginbraak',
    description: 'Voltooide inbraak in een woning (inclusief schuur/garage bij de woning).',
    burglary: true,
    synonyms: [
      'inbraak woning',
      'inbraak in woning',
      'inbraak in een woning',
      'woning inbraak',
      'woninginbraak voltooid',
      'inbraak woning voltooid',
      'voltooide woninginbraak',
      'diefstal inbraak woning',
      'diefstal uit woning',
      'diefstal inbraak uit woning',
      'burglary',
      'residential burglary',
      'domestic burglary',
      'home burglary',
      'house burglary',
      'housebreaking',
      'break in',
      'burglary dwelling',
    ],
  },
  poging_woninginbraak: {
    kind: 'poging_woninginbraak',
    label: 'Poging woninginbraak',
    description: 'Poging tot inbraak in een woning: sporen van braak, maar de dader kwam niet binnen.',
    burglary: true,
    synonyms: [
      'poging inbraak',
      'poging tot inbraak',
      'poging woninginbraak',
      'poging tot woninginbraak',
      'poging inbraak woning',
      'poging tot inbraak in woning',
      'poging tot inbraak in een woning',
      'woninginbraak poging',
      'inbraak woning poging',
      'pogingwoninginbraak',
      'attempted burglary',
      'burglary attempt',
      'attempted residential burglary',
      'attempted break in',
      'burglary attempted',
    ],
  },
  straatroof: {
    kind: 'straatroof',
    label: 'Straatroof',
    description: 'Beroving van een persoon op straat met geweld of bedreiging (tasjes-, telefoonroof).',
    burglary: false,
    synonyms: ['straatroven', 'beroving', 'beroving op straat', 'street robbery', 'mugging', 'robbery street', 'tasjesroof'],
  },
  overval: {
    kind: 'overval',
    label: 'Overval',
    description: 'Beroving met geweld of bedreiging in een woning, winkel of bedrijf.',
    burglary: false,
    synonyms: [
      'overvallen',
      'woningoverval',
      'bedrijfsoverval',
      'winkeloverval',
      'robbery',
      'armed robbery',
      'hold up',
      'holdup',
      'home invasion',
      'commercial robbery',
    ],
  },
  geweld: {
    kind: 'geweld',
    label: 'Geweld',
    description: 'Geweldsmisdrijf: (zware) mishandeling, bedreiging, openlijk geweld.',
    burglary: false,
    synonyms: [
      'geweldsmisdrijf',
      'geweldsmisdrijven',
      'geweldsdelict',
      'mishandeling',
      'zware mishandeling',
      'bedreiging',
      'openlijk geweld',
      'violence',
      'violent crime',
      'assault',
      'aggravated assault',
      'threat',
    ],
  },
};

/** Dutch labels per kind. */
export const INCIDENT_KIND_LABELS: Readonly<Record<IncidentKind, string>> = Object.fromEntries(
  INCIDENT_KINDS.map((k) => [k, INCIDENT_KIND_INFO[k].label]),
) as Record<IncidentKind, string>;

/** Kinds that are residential burglary (completed or attempted). */
export const BURGLARY_KINDS: readonly IncidentKind[] = INCIDENT_KINDS.filter((k) => INCIDENT_KIND_INFO[k].burglary);

/**
 * Normalise free text for lookups: Unicode NFKD without diacritics, lower case, every run of
 * non-letters/digits (spaces, `_`, `-`, `/`, punctuation) becomes one space, trimmed.
 * "Diefstal/inbraak Woning" -> "diefstal inbraak woning", "Poging_woninginbraak" -> "poging woninginbraak".
 */
export function normalizeLabel(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const KIND_LOOKUP: ReadonlyMap<string, IncidentKind> = (() => {
  const m = new Map<string, IncidentKind>();
  for (const k of INCIDENT_KINDS) {
    const info = INCIDENT_KIND_INFO[k];
    for (const s of [k, info.label, ...info.synonyms]) {
      const key = normalizeLabel(s);
      const prev = m.get(key);
      if (prev && prev !== k) throw new Error(`synonym "${s}" maps to both ${prev} and ${k}`);
      m.set(key, k);
      m.set(key.replace(/ /g, ''), k);
    }
  }
  return m;
})();

/** The kind named by an import value, or undefined when it is not recognised. */
export function parseIncidentKind(raw: string | null | undefined): IncidentKind | undefined {
  if (raw == null) return undefined;
  const key = normalizeLabel(raw);
  if (!key) return undefined;
  return KIND_LOOKUP.get(key) ?? KIND_LOOKUP.get(key.replace(/ /g, ''));
}

/** "woninginbraak (Woninginbraak), poging_woninginbraak (Poging woninginbraak), ..." for error messages. */
export function describeAcceptedKinds(): string {
  return INCIDENT_KINDS.map((k) => `${k} (${INCIDENT_KIND_LABELS[k]})`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Target dwelling types (doelwit / woningtype)
// ---------------------------------------------------------------------------------------------

export const DWELLING_TYPES = ['rijtjeswoning', 'hoekwoning', 'twee_onder_een_kap', 'vrijstaand', 'appartement'] as const;
export type DwellingType = (typeof DWELLING_TYPES)[number];
export const DwellingTypeSchema = z.enum(DWELLING_TYPES);

export const DWELLING_TYPE_LABELS: Readonly<Record<DwellingType, string>> = {
  rijtjeswoning: 'Rijtjeswoning (tussenwoning)',
  hoekwoning: 'Hoekwoning',
  twee_onder_een_kap: 'Twee-onder-een-kapwoning',
  vrijstaand: 'Vrijstaande woning',
  appartement: 'Appartement / flat',
};

const DWELLING_SYNONYMS: Readonly<Record<DwellingType, readonly string[]>> = {
  rijtjeswoning: ['rijtjeswoning', 'rijtjeshuis', 'tussenwoning', 'rijwoning', 'eengezinswoning tussen', 'terraced house', 'terraced', 'row house', 'townhouse', 'mid terrace'],
  hoekwoning: ['hoekwoning', 'hoekhuis', 'eindwoning', 'end of terrace', 'end terrace', 'corner house'],
  twee_onder_een_kap: ['twee onder een kap', '2 onder 1 kap', 'twee onder een kapwoning', '2 onder 1 kapwoning', 'half vrijstaand', 'semi detached', 'semi detached house'],
  vrijstaand: ['vrijstaand', 'vrijstaande woning', 'vrijstaand huis', 'villa', 'boerderij', 'detached', 'detached house'],
  appartement: ['appartement', 'flat', 'flatwoning', 'portiekwoning', 'portiekflat', 'galerijflat', 'galerijwoning', 'bovenwoning', 'benedenwoning', 'maisonnette', 'apartment', 'flat apartment'],
};

const DWELLING_LOOKUP: ReadonlyMap<string, DwellingType> = (() => {
  const m = new Map<string, DwellingType>();
  for (const t of DWELLING_TYPES) {
    for (const s of [t, DWELLING_TYPE_LABELS[t], ...DWELLING_SYNONYMS[t]]) {
      const key = normalizeLabel(s);
      m.set(key, t);
      m.set(key.replace(/ /g, ''), t);
    }
  }
  return m;
})();

/** The canonical dwelling type for an import value, or undefined if it is not a known dwelling type. */
export function parseDwellingType(raw: string | null | undefined): DwellingType | undefined {
  if (raw == null) return undefined;
  const key = normalizeLabel(raw);
  return DWELLING_LOOKUP.get(key) ?? DWELLING_LOOKUP.get(key.replace(/ /g, ''));
}

// ---------------------------------------------------------------------------------------------
// Modus operandi vocabulary (used by the demo generator and as UI legend; imports keep free text)
// ---------------------------------------------------------------------------------------------

/** Common burglary methods in Dutch police/CCV vocabulary. */
export const BURGLARY_MODUS_OPERANDI = {
  flipperen: 'Flipperen: de dagschoot van een niet op slot gedraaide deur openwippen met een plastic kaart of strip.',
  'cilinder trekken': 'Cilinder trekken (kerntrekken): een uitstekende, niet-veiligheidscilinder uit het slot trekken of afbreken.',
  'openbreken raam': 'Openbreken raam: een raam of kozijn openwrikken met een schroevendraaier of koevoet (vaak achterzijde).',
  'openbreken deur': 'Openbreken deur: een (achter)deur openwrikken of het slot forceren.',
  inklimmen: 'Inklimmen: binnenkomen via een openstaand raam, bovenlicht of dakraam.',
  'ruit ingooien': 'Ruit ingooien of inslaan en dan het raam of de deur van binnenuit openen.',
  hengelen: 'Hengelen: sleutels of de deurkruk via de brievenbus bereiken.',
  'deur niet afgesloten': 'Binnenlopen via een niet-afgesloten deur (geen braaksporen).',
} as const;
export type BurglaryModusOperandi = keyof typeof BURGLARY_MODUS_OPERANDI;
