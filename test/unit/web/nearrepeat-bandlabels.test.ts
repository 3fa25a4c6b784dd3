import { describe, expect, it } from 'vitest';
import { bandLabelNl } from '../../../web/panels/nearrepeat/helpers.js';

describe('Dutch NRC band labels', () => {
  it('translates the NRC layout and leaves interval labels alone', () => {
    expect(bandLabelNl('Same location')).toBe('Zelfde locatie');
    expect(bandLabelNl('1 to 100')).toBe('1 tot 100');
    expect(bandLabelNl('0 to 7')).toBe('0 tot 7');
    expect(bandLabelNl('More than 400')).toBe('Meer dan 400');
    expect(bandLabelNl('[0,7)')).toBe('[0,7)');
    expect(bandLabelNl('[28,Inf)')).toBe('[28,Inf)');
  });
});
