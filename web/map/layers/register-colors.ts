/** Colours of the register layers (map and legends): one per status or class. */
import type { RegisterName } from '../../state/registers.svelte.js';

export interface ColorScheme {
  /** The property the colour follows (dotted for nested). */
  key: string;
  /** Value -> colour, in legend order; `fallback` for missing values. */
  classes: { value: string; color: string }[];
  fallback: string;
}

export const REGISTER_COLORS: Record<RegisterName, ColorScheme> = {
  groups: {
    key: 'status',
    classes: [
      { value: 'actief', color: '#1b7f3b' },
      { value: 'slapend', color: '#7d8791' },
    ],
    fallback: '#7d8791',
  },
  parks: {
    key: 'evacuationPlan.status',
    classes: [
      { value: 'geen', color: '#c62828' },
      { value: 'concept', color: '#e08e0b' },
      { value: 'vastgesteld', color: '#1b7f3b' },
    ],
    fallback: '#c62828',
  },
  'fire-compartments': {
    key: 'riskClass',
    classes: [
      { value: 'laag', color: '#4c9a2a' },
      { value: 'middel', color: '#e0b20b' },
      { value: 'hoog', color: '#e06c0b' },
      { value: 'zeer hoog', color: '#b71c1c' },
    ],
    fallback: '#7d8791',
  },
};

export const ROUTE_COLORS = { accessRoutes: '#0b5cad', evacuationRoutes: '#6a1b9a' } as const;

export function colorOf(r: RegisterName, value: unknown): string {
  const s = REGISTER_COLORS[r];
  return s.classes.find((c) => c.value === value)?.color ?? s.fallback;
}
