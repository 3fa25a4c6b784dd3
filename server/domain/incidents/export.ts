/**
 * The incidents as a CSV download: ";" separated (Dutch Excel), local times in Europe/Amsterdam,
 * WGS84 coordinates, Dutch column names, written with papaparse (RFC 4180 quoting). Pure: the
 * route hands in the incident collection the service read.
 */
import Papa from 'papaparse';
import type { IncidentCollection } from '../../contract/incidents.js';
import { DEMO_WARNING } from './demo-mark.js';
import { amsterdamParts } from './time.js';

/** True when any incident of the collection is a demo incident (the output must say so). */
export const hasDemo = (fc: IncidentCollection): boolean => fc.features.some((f) => f.properties.demo);

const pad2 = (n: number) => String(n).padStart(2, '0');
/** "2024-01-15 18:30" in Europe/Amsterdam. */
function localDateTime(isoString: string): string {
  const p = amsterdamParts(new Date(isoString));
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/**
 * The incidents as a CSV download (";" separated, local times, WGS84). Made from demo incidents,
 * it starts with a "# DEMO — fictieve gegevens" comment line; every row says in its `demo`
 * column whether it is a demo incident.
 */
export function incidentsToCsv(fc: IncidentCollection): string {
  const rows = fc.features.map((f) => {
    const p = f.properties;
    return [
      p.sourceId,
      p.kind,
      localDateTime(p.from),
      localDateTime(p.to),
      f.geometry.coordinates[0],
      f.geometry.coordinates[1],
      p.wijkCode ?? '',
      p.buurtCode ?? '',
      p.pc4Code ?? '',
      p.address ?? '',
      p.modusOperandi ?? '',
      p.targetType ?? '',
      p.demo ? 'ja' : 'nee',
    ];
  });
  const fields = ['registratienummer', 'soort', 'van', 'tot', 'lengtegraad', 'breedtegraad', 'wijk', 'buurt', 'postcode4', 'adres', 'werkwijze', 'woningtype', 'demo'];
  const body = Papa.unparse({ fields, data: rows }, { delimiter: ';', newline: '\n' });
  return `${hasDemo(fc) ? `# ${DEMO_WARNING}\n` : ''}${body}\n`;
}
