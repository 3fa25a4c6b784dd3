import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../../web/state/url.js';

describe('URL hash state', () => {
  it('round-trips level, selection, view, layers, basemap and module keys', () => {
    const hash = formatHash({
      level: 'buurt',
      sel: 'BU02000706',
      view: { zoom: 13.456, lat: 52.21123, lng: 5.96912 },
      layers: ['districts', 'gistar'],
      bg: 'pdok',
      extra: { from: '2025-10-01', to: '2026-03-31', tab: 'hotspots' },
    });
    expect(hash).toBe('#level=buurt&sel=BU02000706&map=13.46/52.21123/5.96912&layers=districts,gistar&bg=pdok&from=2025-10-01&to=2026-03-31&tab=hotspots');
    expect(parseHash(hash)).toEqual({
      level: 'buurt',
      sel: 'BU02000706',
      view: { zoom: 13.46, lat: 52.21123, lng: 5.96912 },
      layers: ['districts', 'gistar'],
      bg: 'pdok',
      extra: { from: '2025-10-01', to: '2026-03-31', tab: 'hotspots' },
    });
  });

  it('drops values it cannot trust', () => {
    const s = parseHash('#level=provincie&sel=<script>&map=99/1/2&layers=ok,Bad Layer,x1&bg=osm&1bad=1');
    expect(s.level).toBeUndefined();
    expect(s.sel).toBeNull();
    expect(s.view).toBeUndefined();
    expect(s.layers).toEqual(['ok', 'x1']);
    expect(s.bg).toBeUndefined();
    expect(s.extra).toEqual({});
  });

  it('accepts every district code form and an empty hash', () => {
    for (const code of ['GM0200', 'WK020001', 'BU02000706', 'SD020001', '7311']) expect(parseHash(`#sel=${code}`).sel).toBe(code);
    expect(parseHash('')).toEqual({ extra: {} });
  });
});
