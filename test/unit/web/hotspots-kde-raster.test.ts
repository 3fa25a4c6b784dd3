import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { applyAffine, fitAffine, heatRgba, kdeRaster, type KdeCell } from '../../../web/map/layers/kde-raster.js';

const RD = '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs';
const toWgs = proj4(RD, 'WGS84');

function cell(x: number, y: number, size: number, density: number): KdeCell {
  const corners = [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ].map((p) => toWgs.forward(p as [number, number]));
  return { geometry: { coordinates: [corners] }, properties: { x, y, density } };
}

describe('KDE raster', () => {
  const cells: KdeCell[] = [];
  for (let x = 178_000; x < 203_000; x += 1000) for (let y = 454_000; y < 478_000; y += 1000) cells.push(cell(x, y, 100, (x - 190_000) / 100));

  it('fits RD → WGS84 over an Apeldoorn-sized area to metres in the city, tens of metres at the far corners', () => {
    const t = fitAffine(cells, 100)!;
    for (const [x, y, err] of [
      [178_000, 454_000, 40],
      [190_050, 466_050, 5],
      [194_000, 469_000, 10], // Apeldoorn centre
      [203_000, 478_000, 40],
    ] as const) {
      const [lng, lat] = applyAffine(t, x, y);
      const [elng, elat] = toWgs.forward([x, y]);
      expect(Math.abs(lng - elng) * 68_000).toBeLessThan(err);
      expect(Math.abs(lat - elat) * 111_000).toBeLessThan(err);
    }
  });

  it('puts one pixel per cell, north up, with a transparent border', () => {
    const few = [cell(1000, 2000, 100, 10), cell(1100, 2000, 100, 5), cell(1000, 2100, 100, 0)].map((c) => ({ ...c, geometry: cell(c.properties.x + 190_000, c.properties.y + 465_000, 100, 0).geometry }));
    const r = kdeRaster(few, 100, 10)!;
    expect([r.width, r.height]).toEqual([4, 4]);
    const alpha = (col: number, row: number) => r.pixels[(row * r.width + col) * 4 + 3];
    expect(alpha(1, 2)).toBe(215); // (1000, 2000): the maximum, lower row of the data
    expect(alpha(2, 2)).toBeGreaterThan(0);
    expect(alpha(1, 1)).toBe(0); // density 0
    expect(alpha(0, 0)).toBe(0);
    expect(r.corners[0][1]).toBeGreaterThan(r.corners[3][1]); // top is north
  });

  it('fades in above the minimum fraction and keeps the ramp colour when transparent', () => {
    expect(heatRgba(0)).toEqual([255, 255, 178, 0]);
    expect(heatRgba(1)).toEqual([189, 0, 38, 215]);
    expect(heatRgba(0.5)[3]).toBe(215);
    expect(kdeRaster([], 100, 1)).toBeNull();
  });
});
