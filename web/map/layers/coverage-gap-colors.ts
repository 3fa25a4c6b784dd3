/** Colours of the coverage-gaps layer and its legend. */
export const GAP_COLORS = { gistar: '#c62828', nearrepeat: '#e65100', selected: '#111111' } as const;
