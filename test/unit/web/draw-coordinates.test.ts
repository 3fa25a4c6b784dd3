import { describe, expect, it } from 'vitest';
import { area } from '@turf/turf';
import { parseCoordinates } from '../../../web/map/draw/coordinates.js';
import { borderVertices, nearestVertex, unionShapes } from '../../../web/map/draw/districts.js';
import { withoutVertex } from '../../../web/map/draw/geometry.js';
import { rdToWgs84 } from '../../../server/domain/crs.js';

const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) < 1e-7);

describe('parseCoordinates', () => {
  it('reads RD New lines and closes the ring', () => {
    const r = parseCoordinates('194000 469000\n195000 469000\n\n195000 470000\n', 'polygon');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.crs).toBe('RD');
    const ring = (r.geometry as GeoJSON.Polygon).coordinates[0]!;
    expect(ring).toHaveLength(4);
    expect(ring[0]).toEqual(ring[3]);
    expect(close(ring[0]!, rdToWgs84(194000, 469000))).toBe(true);
    // 1000 × 1000 / 2 m² = 50 ha, within proj4's accuracy.
    expect(area(r.geometry) / 10_000).toBeCloseTo(50, 0);
  });

  it('reads WGS84 as "lat, lon" and "lon lat" alike, with decimal commas after a semicolon', () => {
    const a = parseCoordinates('52.21, 5.96', 'point');
    const b = parseCoordinates('5.96 52.21', 'point');
    const c = parseCoordinates('52,21; 5,96', 'point');
    for (const r of [a, b, c]) {
      expect(r.ok && r.crs === 'WGS84' && r.geometry).toEqual({ type: 'Point', coordinates: [5.96, 52.21] });
    }
  });

  it('reads WKT in RD and WGS84', () => {
    const p = parseCoordinates('POLYGON((194000 469000, 195000 469000, 195000 470000, 194000 469000))', 'polygon');
    expect(p.ok && (p.geometry as GeoJSON.Polygon).coordinates[0]).toHaveLength(4);
    const l = parseCoordinates('linestring(5.9 52.2, 5.95 52.21)', 'linestring');
    expect(l.ok && l.geometry).toEqual({ type: 'LineString', coordinates: [[5.9, 52.2], [5.95, 52.21]] });
  });

  it('refuses coordinates outside the Netherlands, with the line', () => {
    expect(parseCoordinates('194000 469000\n500000 469000\n195000 470000', 'polygon')).toEqual({ ok: false, error: 'Coördinaat buiten Nederland (regel 2)' });
    expect(parseCoordinates('48.85, 2.35', 'point')).toEqual({ ok: false, error: 'Coördinaat buiten Nederland (regel 1)' });
  });

  it('refuses too few points, a wrong WKT type, a self-intersecting ring, mixed systems and rubbish', () => {
    expect(parseCoordinates('194000 469000\n195000 469000', 'polygon')).toEqual({ ok: false, error: 'Een vlak heeft minstens 3 punten nodig' });
    expect(parseCoordinates('194000 469000\n195000 469000\n194000 469000', 'polygon')).toEqual({ ok: false, error: 'Een vlak heeft minstens 3 punten nodig' });
    expect(parseCoordinates('194000 469000', 'linestring')).toEqual({ ok: false, error: 'Een lijn heeft minstens 2 punten nodig' });
    expect(parseCoordinates('POINT(194000 469000)', 'polygon')).toMatchObject({ ok: false, error: expect.stringContaining('Verwacht een vlak') });
    expect(parseCoordinates('194000 469000\n195000 470000\n195000 469000\n194000 470000', 'polygon')).toEqual({ ok: false, error: 'De rand van het vlak snijdt zichzelf' });
    expect(parseCoordinates('194000 469000\n52.2, 5.9\n195000 470000', 'polygon')).toMatchObject({ ok: false, error: expect.stringContaining('één stelsel') });
    expect(parseCoordinates('hier', 'point')).toMatchObject({ ok: false, error: expect.stringContaining('Geen coördinaat herkend (regel 1)') });
    expect(parseCoordinates('  ', 'point')).toEqual({ ok: false, error: 'Voer coördinaten in' });
  });
});

const square = (x: number, y: number): { geometry: GeoJSON.Polygon } => ({
  geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]] },
});

describe('district union and snapping', () => {
  it('unites touching districts into one polygon and separate ones into a multipolygon', () => {
    const u = unionShapes([square(0, 0), square(1, 0), { geometry: null }]);
    expect(u?.type).toBe('Polygon');
    expect(area(u!)).toBeCloseTo(area(square(0, 0).geometry) * 2, -3);
    expect(unionShapes([square(0, 0), square(5, 5)])?.type).toBe('MultiPolygon');
    expect(unionShapes([{ geometry: null }])).toBeNull();
  });

  it('gives a one-part multipolygon (as PC4 postcode areas come) as that polygon', () => {
    const one: { geometry: GeoJSON.MultiPolygon } = { geometry: { type: 'MultiPolygon', coordinates: [square(0, 0).geometry.coordinates] } };
    expect(unionShapes([one])).toEqual(square(0, 0).geometry);
  });

  it('snaps to the nearest border vertex within the pixel distance only', () => {
    const v = borderVertices([square(0, 0)]);
    expect(v.length).toBe(10);
    const project = (lon: number, lat: number) => ({ x: lon * 100, y: -lat * 100 });
    const box = { minLon: -10, minLat: -10, maxLon: 10, maxLat: 10 };
    expect(nearestVertex(v, { x: 104, y: -3 }, 10, project, box)).toEqual([1, 0]);
    expect(nearestVertex(v, { x: 50, y: -50 }, 10, project, box)).toBeUndefined();
  });

  it('removes a vertex but keeps at least a triangle', () => {
    const sq = square(0, 0).geometry;
    const tri = withoutVertex(sq, 1) as GeoJSON.Polygon;
    expect(tri.coordinates[0]).toEqual([[0, 0], [1, 1], [0, 1], [0, 0]]);
    expect(withoutVertex(tri, 0)).toBeNull();
  });
});
