/** All Dutch UI text in one place (sections per feature in nl-*.ts), plus nl-NL number and date formatting. */
import { nlHotspots } from './nl-hotspots.js';
import { nlNearrepeat } from './nl-nearrepeat.js';
import { nlMap } from './nl-map.js';
import { nlAuth } from './nl-auth.js';

export const nl = {
  appName: 'Veiligheidskaart',
  municipality: 'Apeldoorn',
  loading: 'Laden…',
  retry: 'Opnieuw proberen',
  close: 'Sluiten',
  demoBadge: 'demo',
  demoTitle: 'Gegenereerde demonstratiegegevens, geen echte cijfers',
  levels: {
    gemeente: 'Gemeente',
    stadsdeel: 'Stadsdelen',
    wijk: 'Wijken',
    buurt: 'Buurten',
    postcode: 'Postcodes (PC4)',
  } as Record<string, string>,
  levelSingular: {
    gemeente: 'Gemeente',
    stadsdeel: 'Stadsdeel',
    wijk: 'Wijk',
    buurt: 'Buurt',
    postcode: 'Postcodegebied',
  } as Record<string, string>,
  levelSwitch: 'Gebiedsniveau',
  layerPanel: {
    title: 'Kaartlagen',
    basemap: 'Achtergrond',
    basemapLocal: 'Lokaal (offline)',
    basemapPdok: 'PDOK BRT-Achtergrondkaart',
    pdokFailed: 'De PDOK-achtergrondkaart is niet bereikbaar; de lokale kaart wordt getoond.',
    pdokChecking: 'PDOK-achtergrondkaart controleren…',
  },
  groups: {
    gebieden: 'Gebieden',
    criminaliteit: 'Criminaliteit',
    nearrepeat: 'Near repeat',
    registers: 'Registers',
  } as Record<string, string>,
  districts: {
    layer: 'Gebiedsgrenzen',
    choropleth: 'Misdrijven per 1.000 inwoners',
    choroplethYear: (y: number) => `Geregistreerde misdrijven per 1.000 inwoners, ${y}`,
    noShape: 'Geen vorm beschikbaar',
    buurtShapesMissing: (n: number, total: number) =>
      `Van ${total} buurten ${n === 1 ? 'is 1 grens' : `zijn ${n} grenzen`} beschikbaar; importeer de CBS wijk- en buurtkaart voor de andere.`,
    noBuurtShapesHint: 'Buurtcijfers staan in het paneel van de wijk.',
    noneAtLevel: 'Op dit niveau zijn geen gebieden met een vorm beschikbaar.',
    simplified: 'vereenvoudigde grenzen',
  },
  panel: {
    keyFigures: 'Kerncijfers',
    inwoners: 'Inwoners',
    huishoudens: 'Huishoudens',
    woningen: 'Woningen',
    inwoners_0_15: 'Inwoners 0-15 jaar',
    inwoners_65plus: 'Inwoners 65+',
    oppervlakte_land_ha: 'Oppervlakte land',
    areaShape: 'Oppervlakte (vorm)',
    derived: 'opgeteld uit onderliggende gebieden',
    unknown: 'onbekend',
    crimes: 'Geregistreerde misdrijven',
    crimesSource: 'Bron: Politie, geregistreerde misdrijven per buurt (open data via CBS), alle misdrijven.',
    crimesPer1000: 'per 1.000 inw.',
    year: 'Jaar',
    count: 'Aantal',
    children: (level: string) => (level === 'buurt' ? 'Buurten' : level === 'wijk' ? 'Wijken' : 'Onderliggende gebieden'),
    name: 'Naam',
    noShapeMark: 'geen vorm',
    parent: 'Ligt in',
    select: 'Selecteer een gebied op de kaart of in de lijst.',
    notFound: 'Dit gebied bestaat niet (meer).',
  },
  search: {
    label: 'Zoek een gebied',
    placeholder: 'Wijk, buurt of postcode…',
    none: 'Geen gebied gevonden',
  },
  attribution: {
    cbs: 'Gebieden en kerncijfers: CBS/PDOK, CC-BY 4.0',
    police: 'Misdrijven: Politie/CBS open data, CC-BY 4.0',
    pdok: 'Achtergrond: PDOK BRT-Achtergrondkaart (Kadaster), CC-BY 4.0',
    simplifiedNote: 'Wijkgrenzen vereenvoudigd',
  },
  tabs: {
    district: 'Gebied',
  },
  hotspots: nlHotspots,
  nearrepeat: nlNearrepeat,
  map: nlMap,
  auth: nlAuth,
  errors: {
    network: 'De server is niet bereikbaar.',
    generic: 'Er ging iets mis.',
    webgl: 'Deze browser kan de kaart niet tekenen (WebGL ontbreekt).',
    checkFields: 'Controleer de gemarkeerde velden.',
  },
};

const intFmt = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });
const dec1 = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '–' : intFmt.format(n);
}
export function fmtDec(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '–' : dec1.format(n);
}
export function fmtHa(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : `${intFmt.format(n)} ha`;
}
