/**
 * Imports CBS wijk- en buurtkaart districts (GeoJSON or GeoPackage, RD New or WGS84) of the
 * configured gemeente at full resolution: all or nothing. Steps: read (read.ts, the shared
 * reader; GeoPackage WKB decoded by PostGIS in decode.ts), pure checks
 * (validate.ts), PostGIS checks (validity with GEOS's reason, lies in the gemeente), then through
 * the shared commitImport (../commit.ts: one bad feature refuses the file) in one transaction: a dataset row per level, an upsert per district (figures and crimes kept),
 * stadsdeel shapes re-unioned, derived figures rolled up. A dry run stops before the writes.
 */
import type { Db } from '../../db/db.js';
import { sql } from '../../db/queries.js';
import { commitImport, importDecision } from '../commit.js';
import { checkGeometries } from '../features/postgis.js';
import { buildReport, type ImportReport } from '../report.js';
import { crsName } from './crs.js';
import { decodeFeatureGeometries } from './decode.js';
import { readDistrictFile } from './read.js';
import {
  CBS_LEVELS,
  fromDistrictProblem,
  DistrictImportError,
  MAX_LISTED_PROBLEMS,
  problemsMessage,
  type CandidateFeature,
  type CbsLevel,
  type FeatureProblem,
} from './types.js';
import { gemeenteOfCode, identify, validateFeatures, wijkOfBuurt } from './validate.js';

export interface ImportDistrictsInput {
  /** File name (for the format by extension, messages and the dataset's source). */
  fileName: string;
  data: Uint8Array;
}

export interface ImportDistrictsOptions {
  /** Check everything, write nothing. */
  dryRun?: boolean | undefined;
  /** GeoPackage: only these layers. */
  layers?: string[] | undefined;
  /** Progress lines (Dutch), e.g. for stderr. */
  onProgress?: ((line: string) => void) | undefined;
  /** How many offending features the refusal lists (default 25). */
  maxListed?: number | undefined;
  /** Metres around the gemeente outline a feature may lie in (default 1000). */
  insideBufferM?: number | undefined;
}

export interface LevelCounts {
  inserted: number;
  updated: number;
}

export interface ImportDistrictsReport {
  source: string;
  format: 'geojson' | 'gpkg';
  layers: string[];
  /** The CRSs of the imported features, in Dutch. */
  crs: string[];
  dryRun: boolean;
  gemeente: { code: string; name: string };
  featuresRead: number;
  levels: Record<CbsLevel, LevelCounts>;
  /** Buurten that exist already and keep their figures (they may have had no shape). */
  buurtenWithFigures: number;
  skippedOtherGemeente: number;
  skippedWater: number;
  warnings: string[];
  /** Dataset keys written (empty for a dry run). */
  datasets: string[];
  /** Stored incidents whose buurt, wijk or PC4 changed with the new shapes (0 for a dry run). */
  incidentsRecoded: number;
  /** The same counts in the shape every file import reports (server/ingest/report.ts). */
  report: ImportReport;
}

export const DATASET_ATTRIBUTION = 'CBS/Kadaster wijk- en buurtkaart, CC-BY 4.0';
const DATASET_TITLES: Record<CbsLevel, string> = {
  gemeente: 'Gemeentegrens (volledige resolutie, geïmporteerd)',
  wijk: 'CBS-wijken (volledige resolutie, geïmporteerd)',
  buurt: 'CBS-buurten (volledige resolutie, geïmporteerd)',
};
const datasetKey = (level: CbsLevel) => `import-districts-${level}`;

const nl = (n: number) => n.toLocaleString('nl-NL');

/** Features per PostGIS check batch: bounded by count and by vertices (full-resolution shapes are big). */
function batches(cands: CandidateFeature[], maxFeatures = 200, maxVertices = 200_000): CandidateFeature[][] {
  const out: CandidateFeature[][] = [];
  let cur: CandidateFeature[] = [];
  let v = 0;
  for (const c of cands) {
    if (cur.length > 0 && (cur.length >= maxFeatures || v + c.vertices > maxVertices)) {
      out.push(cur);
      cur = [];
      v = 0;
    }
    cur.push(c);
    v += c.vertices;
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * The checks that need PostGIS, through the shared geometry step (features-to-rd: OGC validity
 * with GEOS's reason and location, validity after the transformation to RD New), then whether
 * each valid feature lies in the buffered gemeente (import-districts-inside).
 */
async function dbChecks(db: Db, cands: CandidateFeature[], gemeente: { code: string; name: string }, bufferM: number, progress: (s: string) => void): Promise<FeatureProblem[]> {
  const problems: FeatureProblem[] = [];
  let done = 0;
  for (const batch of batches(cands)) {
    const checks = await checkGeometries(
      db,
      batch.map((c) => ({ geometry: { geojson: c.geometry as unknown as Record<string, unknown> }, srid: c.srid })),
      { maxRows: batch.length, maxChars: Infinity },
    );
    const reasons: (string | null)[] = checks.map((ch) => (!ch.read ? ch.error : ch.valid === false ? ch.reasonNl : ch.rdValid === false ? ch.rdReasonNl : null));
    const toPlace = batch.map((_, i) => i).filter((i) => reasons[i] === null && checks[i]!.ewkbHex !== null);
    if (toPlace.length > 0) {
      const inside = await db.query<{ ord: number; inside: boolean | null }>(sql('import-districts-inside'), [toPlace.map((i) => checks[i]!.ewkbHex), gemeente.code, bufferM]);
      for (const r of inside) if (r.inside === false) reasons[toPlace[Number(r.ord) - 1]!] = `ligt buiten gemeente ${gemeente.name} (${gemeente.code})`;
    }
    batch.forEach((c, i) => {
      const reason = reasons[i];
      if (reason) problems.push({ index: c.index, ref: c.ref, code: c.code, reason });
    });
    done += batch.length;
    if (cands.length > 200) progress(`Gecontroleerd in PostGIS: ${nl(done)} van ${nl(cands.length)} features`);
  }
  return problems;
}

function emptyLevels(): Record<CbsLevel, LevelCounts> {
  return { gemeente: { inserted: 0, updated: 0 }, wijk: { inserted: 0, updated: 0 }, buurt: { inserted: 0, updated: 0 } };
}

/**
 * Imports the districts of one file. Throws DistrictImportError (Dutch message listing the
 * offending features) when the file or any feature is refused; the database is then unchanged.
 */
export async function importDistricts(db: Db, input: ImportDistrictsInput, options: ImportDistrictsOptions = {}): Promise<ImportDistrictsReport> {
  const progress = options.onProgress ?? (() => undefined);
  const maxListed = options.maxListed ?? MAX_LISTED_PROBLEMS;
  const dryRun = options.dryRun === true;

  const [gm] = await db.query<{ code: string; name: string }>(sql('import-districts-gemeente'));
  if (!gm) throw new DistrictImportError('De database bevat geen gemeente; start de server eenmaal zodat de meegeleverde geodata geladen worden.');
  const gemeente = { code: gm.code, name: gm.name };

  progress(`Lezen: ${input.fileName} (${(input.data.length / 1e6).toFixed(1)} MB)`);
  const read = await readDistrictFile(input.data, input.fileName, { layers: options.layers, onProgress: progress });
  progress(`Gelezen: ${nl(read.features.length)} features${read.layers.length ? ` uit laag ${read.layers.join(', ')}` : ''}`);
  await decodeFeatureGeometries(db, read.features, (f) => {
    const id = identify(f.properties);
    return id.code !== null && id.level !== null && gemeenteOfCode(id.code) === gemeente.code;
  });

  const v = validateFeatures(read.features, { gemeenteCode: gemeente.code });
  progress(
    `Gemeente ${gemeente.code}: ${nl(v.candidates.length + v.problems.length)} features; andere gemeenten overgeslagen: ${nl(v.skippedOtherGemeente)}`,
  );
  const dbProblems = await dbChecks(db, v.candidates, gemeente, options.insideBufferM ?? 1000, progress);
  const problems = [...v.problems, ...dbProblems].sort((a, b) => a.index - b.index);
  const cands = v.candidates;
  const counts = { accepted: cands.length, rejectedCount: problems.length };
  const decision = importDecision(counts, 'all-or-nothing', dryRun);
  // The shared report shape counts the features of this gemeente (others and water are skipped).
  const shared = buildReport(cands.length + problems.length, problems.map(fromDistrictProblem), [], maxListed);
  if (decision === 'refused') {
    throw new DistrictImportError(
      problemsMessage(
        `Import geweigerd: ${nl(problems.length)} van ${nl(read.features.length)} features ${problems.length === 1 ? 'heeft' : 'hebben'} een probleem; er is niets ingelezen.`,
        problems,
        maxListed,
      ),
      problems,
      problems.length,
      shared,
    );
  }
  if (decision === 'empty') {
    throw new DistrictImportError(
      `${input.fileName} bevat geen wijken of buurten van gemeente ${gemeente.name} (${gemeente.code})` +
        (v.skippedOtherGemeente ? `; ${nl(v.skippedOtherGemeente)} features van andere gemeenten overgeslagen` : '') +
        (v.skippedWater ? `; ${nl(v.skippedWater)} waterdelen overgeslagen` : '') +
        '. Er is niets ingelezen.',
    );
  }

  // Parents and what would change.
  const existing = new Map(
    (
      await db.query<{ code: string; level: string; parent_code: string | null; has_geom: boolean; has_figures: boolean }>(sql('import-districts-existing'), [
        [...new Set([...cands.map((c) => c.code), ...cands.filter((c) => c.level === 'buurt').map((c) => wijkOfBuurt(c.code))])],
      ])
    ).map((r) => [r.code, r]),
  );
  const importing = new Set(cands.map((c) => c.code));
  const levels = emptyLevels();
  const warnings: string[] = [];
  let buurtenWithFigures = 0;
  const rows = cands.map((c) => {
    const old = existing.get(c.code);
    let parent: string | null = null;
    if (c.level === 'buurt') {
      parent = wijkOfBuurt(c.code);
      if (!existing.has(parent) && !importing.has(parent)) warnings.push(`Buurt ${c.code}: wijk ${parent} bestaat niet in de database en zit niet in het bestand.`);
      if (old && old.has_figures) buurtenWithFigures++;
    } else if (c.level === 'wijk') {
      parent = old?.parent_code ?? gemeente.code;
      if (!old) warnings.push(`Nieuwe wijk ${c.code}: nog in geen stadsdeel; bij de volgende start krijgt hij er een (geodata/stadsdelen.json).`);
    }
    if (!old && c.name === null) warnings.push(`Nieuw gebied ${c.code} heeft geen naam in het bestand; de code is als naam gebruikt.`);
    levels[c.level][old ? 'updated' : 'inserted']++;
    return { c, parent };
  });
  const present = CBS_LEVELS.filter((l) => levels[l].inserted + levels[l].updated > 0);
  const report: ImportDistrictsReport = {
    source: input.fileName,
    format: read.format,
    layers: read.layers,
    crs: [...new Set(cands.map((c) => crsName(c.srid)))],
    dryRun,
    gemeente,
    featuresRead: read.features.length,
    levels,
    buurtenWithFigures,
    skippedOtherGemeente: v.skippedOtherGemeente,
    skippedWater: v.skippedWater,
    warnings,
    datasets: [],
    incidentsRecoded: 0,
    report: { ...shared, warnings },
  };
  const outcome = await commitImport(db, {
    ...counts,
    rule: 'all-or-nothing',
    dryRun,
    store: async (tx) => {
      for (const level of present) {
        await tx.query(sql('upsert-dataset'), [datasetKey(level), DATASET_TITLES[level], input.fileName, 'CC BY 4.0', DATASET_ATTRIBUTION, false, false, null]);
      }
      let n = 0;
      for (const { c, parent } of rows) {
        await tx.query(sql('import-districts-upsert'), [c.code, c.level, c.name, parent, JSON.stringify(c.geometry), c.srid, datasetKey(c.level)]);
        n++;
        if (n % 100 === 0) progress(`Opgeslagen: ${nl(n)} van ${nl(rows.length)} gebieden`);
      }
      for (const level of present) await tx.query(sql('import-districts-dataset-count'), [datasetKey(level)]);
      if (present.includes('wijk')) await tx.query(sql('import-districts-refresh-stadsdelen'));
      progress('Afgeleide cijfers bijwerken (optellen van buurten naar wijken, stadsdelen en gemeente)');
      await tx.exec(sql('rollup-district-figures'));
      // New or changed shapes: incidents stored earlier get their buurt, wijk and PC4 again.
      progress('Incidenten opnieuw aan buurten, wijken en postcodegebieden koppelen');
      report.incidentsRecoded = (await tx.query(sql('incidents-recode-districts'))).length;
    },
  });
  if (!outcome.stored) return report;
  report.datasets = present.map(datasetKey);
  return report;
}

/** The Dutch summary printed on stdout. */
export function formatImportReport(r: ImportDistrictsReport): string {
  const lines: string[] = [];
  lines.push(r.dryRun ? `Proefimport van ${r.source} (er is niets opgeslagen)` : `Import van ${r.source}`);
  lines.push(`Formaat: ${r.format === 'gpkg' ? `GeoPackage (laag ${r.layers.join(', ')})` : 'GeoJSON'}; coördinaten: ${r.crs.join(', ')}`);
  lines.push(`Gelezen features: ${nl(r.featuresRead)}`);
  const verb = r.dryRun ? ['zou toevoegen', 'zou bijwerken'] : ['toegevoegd', 'bijgewerkt'];
  const names: Record<CbsLevel, string> = { gemeente: 'Gemeente', wijk: 'Wijken', buurt: 'Buurten' };
  for (const level of CBS_LEVELS) {
    const c = r.levels[level];
    if (c.inserted + c.updated === 0) continue;
    lines.push(`${names[level]}: ${nl(c.inserted)} ${verb[0]}, ${nl(c.updated)} ${verb[1]}`);
  }
  if (r.buurtenWithFigures > 0) lines.push(`Buurten met kerncijfers die behouden blijven: ${nl(r.buurtenWithFigures)}`);
  lines.push(`Overgeslagen (andere gemeenten dan ${r.gemeente.name}, ${r.gemeente.code}): ${nl(r.skippedOtherGemeente)}`);
  if (r.skippedWater > 0) lines.push(`Overgeslagen waterdelen (water = JA): ${nl(r.skippedWater)}`);
  for (const w of r.warnings) lines.push(`Let op: ${w}`);
  if (!r.dryRun) lines.push(`Bron vastgelegd als dataset ${r.datasets.join(', ')} (${DATASET_ATTRIBUTION}); afgeleide cijfers opnieuw opgeteld.`);
  if (!r.dryRun && r.incidentsRecoded > 0) lines.push(`${nl(r.incidentsRecoded)} incidenten opnieuw aan een buurt, wijk of postcodegebied gekoppeld.`);
  return lines.join('\n') + '\n';
}
