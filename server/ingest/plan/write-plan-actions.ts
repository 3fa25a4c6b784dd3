/** `npm run geodata:actions`: writes geodata/plan-actions.json from the seed documents. */
import { writeFileSync } from 'node:fs';
import { buildPlanActions, PLAN_ACTIONS_FILE, planActionsJson } from './plan-actions.js';

const file = buildPlanActions();
writeFileSync(PLAN_ACTIONS_FILE, planActionsJson(file));
const flagged = file.actions.filter((a) => a.period_flag).length;
process.stdout.write(`${PLAN_ACTIONS_FILE}: ${file.actions.length} acties (${flagged} met onleesbare termijn), ${file.decisions.length} besluiten\n`);
