/** Registry entries of the register layers: WhatsApp groups, holiday parks, fire compartments. */
import type { LayerDef } from './types.js';
import { nlRegisters as t } from '../../i18n/nl-registers.js';
import { isDemo, type RegisterName } from '../../state/registers.svelte.js';
import GroupsLayer from './GroupsLayer.svelte';
import GroupsLegend from './GroupsLegend.svelte';
import ParksLayer from './ParksLayer.svelte';
import ParksLegend from './ParksLegend.svelte';
import FireCompartmentsLayer from './FireCompartmentsLayer.svelte';
import FireCompartmentsLegend from './FireCompartmentsLegend.svelte';

function def(register: RegisterName, component: LayerDef['component'], legend: LayerDef['legend'], clickTargets: string[]): LayerDef {
  return {
    id: `reg-${register}`,
    label: t.names[register]!,
    group: 'registers',
    defaultVisible: false,
    component,
    legend,
    clickTargets,
    description: t.descriptions[register],
    // A getter: the demo badge shows while the register holds generated demo records.
    get demoData() {
      return isDemo(register);
    },
  };
}

export const REGISTER_LAYERS: LayerDef[] = [
  def('fire-compartments', FireCompartmentsLayer, FireCompartmentsLegend, ['reg-fire-compartments-fill']),
  def('groups', GroupsLayer, GroupsLegend, ['reg-groups-fill']),
  def('parks', ParksLayer, ParksLegend, ['reg-parks-fill', 'reg-parks-points']),
];
