/**
 * Builds geodata/plan-actions.json from the two seed documents in geodata/seeds/ with the pure
 * parsers of server/domain/plan/. `npm run geodata:actions` writes it; test/unit/plan checks that
 * the committed file is exactly what the parsers produce, so a parser change shows in its diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePlanActions, type PlanAction } from '../../domain/plan/parse-actions.js';
import { parseDecisions, type PlanDecision } from '../../domain/plan/parse-besluiten.js';

export const GEODATA_DIR = fileURLToPath(new URL('../../../geodata/', import.meta.url));
export const PLAN_ACTIONS_FILE = join(GEODATA_DIR, 'plan-actions.json');

export const UITVOERINGSPLAN = 'uitvoeringsplan-integrale-veiligheid-apeldoorn-2017-2018.txt';
export const PLAN_VAN_AANPAK = 'plan-van-aanpak-woninginbraken-oost-nederland-2015.txt';

export interface PlanActionsFile {
  description: string;
  documents: { file: string; title: string }[];
  actions: PlanAction[];
  decisions: PlanDecision[];
}

/** The file's content from the seed texts (as read from geodata/seeds/ unless given). */
export function buildPlanActions(read: (file: string) => string = (f) => readFileSync(join(GEODATA_DIR, 'seeds', f), 'utf8')): PlanActionsFile {
  return {
    description:
      'Acties van het Uitvoeringsplan Integrale Veiligheid Apeldoorn 2017-2018 en de besluiten van het Plan van aanpak woninginbraken Oost-Nederland 2015, gelezen door server/domain/plan/ (npm run geodata:actions). source_line: regelnummer in geodata/seeds/<source_document>.',
    documents: [
      { file: UITVOERINGSPLAN, title: 'Uitvoeringsplan Integrale Veiligheid 2017 en 2018 (gemeente Apeldoorn)' },
      { file: PLAN_VAN_AANPAK, title: 'Plan van aanpak woninginbraken en HIC-delicten, Veiligheidsstrategie Oost-Nederland 2015-2018' },
    ],
    actions: parsePlanActions(read(UITVOERINGSPLAN), UITVOERINGSPLAN, { idPrefix: 'uvp2017' }),
    decisions: parseDecisions(read(PLAN_VAN_AANPAK), PLAN_VAN_AANPAK, 'pva2015-besluit'),
  };
}

/** The JSON text as committed (two-space indent, final newline). */
export function planActionsJson(file: PlanActionsFile = buildPlanActions()): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The committed file (server start-up seeds the actions register from it). */
export function readPlanActions(path = PLAN_ACTIONS_FILE): PlanActionsFile {
  return JSON.parse(readFileSync(path, 'utf8')) as PlanActionsFile;
}
