import { describe, expect, it } from 'vitest';
import {
  BandError,
  bandIndex,
  formatBreak,
  intervalLabels,
  nrcSpatialAxis,
  nrcTemporalAxis,
  parseBreaks,
  validateBreaks,
} from '../../../server/domain/nearrepeat/bands.js';

describe('bandIndex: left-closed, right-open bands', () => {
  const breaks = [0, 1, 101, 201, Infinity];
  it('a value on a break belongs to the band that starts there', () => {
    expect(bandIndex(breaks, 0)).toBe(0);
    expect(bandIndex(breaks, 0.999999)).toBe(0);
    expect(bandIndex(breaks, 1)).toBe(1);
    expect(bandIndex(breaks, 100.9999)).toBe(1);
    expect(bandIndex(breaks, 101)).toBe(2);
    expect(bandIndex(breaks, 201)).toBe(3);
    expect(bandIndex(breaks, 1e12)).toBe(3);
  });
  it('values below the first or at/above a finite last break are left out', () => {
    expect(bandIndex([5, 10, 20], 4.99)).toBe(-1);
    expect(bandIndex([5, 10, 20], 5)).toBe(0);
    expect(bandIndex([5, 10, 20], 19.99)).toBe(1);
    expect(bandIndex([5, 10, 20], 20)).toBe(-1);
    expect(bandIndex([5, 10, 20], NaN)).toBe(-1);
  });
});

describe('parseBreaks / validateBreaks', () => {
  it('parses numbers and Inf', () => {
    expect(parseBreaks('0,1,101,201,301,401,Inf', 'x')).toEqual([0, 1, 101, 201, 301, 401, Infinity]);
    expect(parseBreaks(' 0, 0.5 ,7,inf ', 'x')).toEqual([0, 0.5, 7, Infinity]);
    expect(parseBreaks('0,7,14', 'x')).toEqual([0, 7, 14]);
  });
  it('rejects bad vectors with Dutch messages', () => {
    expect(() => parseBreaks('0,7,7', 'Temporele grenzen')).toThrow(/Temporele grenzen: de grenzen moeten strikt oplopen/);
    expect(() => parseBreaks('0,14,7', 'x')).toThrow(BandError);
    expect(() => parseBreaks('0', 'x')).toThrow(/minstens twee grenzen/);
    expect(() => parseBreaks('0,Inf,10', 'x')).toThrow(/alleen de laatste grens mag Inf/);
    expect(() => parseBreaks('-1,10', 'x')).toThrow(/negatief/);
    expect(() => parseBreaks('0,tien', 'x')).toThrow(/"tien" is geen getal/);
    expect(() => validateBreaks([0, NaN], 'x')).toThrow(/geen getal/);
  });
});

describe('labels', () => {
  it('interval notation as NearRepeat prints it', () => {
    expect(intervalLabels([0, 1, 101, Infinity])).toEqual(['[0,1)', '[1,101)', '[101,Inf)']);
    expect(intervalLabels([0, 0.001, 100000])).toEqual(['[0,0.001)', '[0.001,100000)']);
    expect(formatBreak(1 / 3)).toBe('0.3333333333');
  });
});

describe('NRC layout', () => {
  it('spatial: NRC labels, with the breaks the NRC actually counts with', () => {
    const a = nrcSpatialAxis(100, 4);
    expect(a.labels).toEqual(['Same location', '1 to 100', '101 to 200', '201 to 300', '301 to 400', 'More than 400']);
    expect(a.breaks).toEqual([0, 1, 100, 200, 300, 400, Infinity]);
    expect(a.intervals).toEqual(['[0,1)', '[1,100)', '[100,200)', '[200,300)', '[300,400)', '[400,Inf)']);
  });
  it('temporal: "0 to 7", "8 to 14", ... holding [0,7), [7,14), ...', () => {
    const a = nrcTemporalAxis(7, 4);
    expect(a.labels).toEqual(['0 to 7', '8 to 14', '15 to 21', '22 to 28', 'More than 28']);
    expect(a.breaks).toEqual([0, 7, 14, 21, 28, Infinity]);
  });
  it('rejects settings that give no increasing breaks', () => {
    expect(() => nrcSpatialAxis(1, 3)).toThrow(BandError);
    expect(() => nrcSpatialAxis(100, 0)).toThrow(/aantal banden/);
    expect(() => nrcTemporalAxis(0, 3)).toThrow(/bandbreedte/);
  });
});
