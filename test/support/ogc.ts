/**
 * A test-only OGC collection that only callers with `incidents:read-exact` (analist) may read:
 * three fixed points in Apeldoorn, to prove the OGC routes' permission handling without relying
 * on which real collections are restricted.
 */
import { assertCan } from '../../server/auth/caller.js';
import { rdToWgs84 } from '../../server/domain/crs.js';
import { EPSG_28992, type OgcCollection, type OgcFeature } from '../../server/ogc/collection.js';

const POINTS: [number, number][] = [
  [194_000, 469_000],
  [195_000, 470_000],
  [196_000, 471_000],
];

export function restrictedCollection(id = 'test-beperkt'): OgcCollection {
  const features = (crs: string): OgcFeature[] =>
    POINTS.map(([x, y], i) => ({ id: i + 1, geometry: { type: 'Point', coordinates: crs === EPSG_28992 ? [x, y] : rdToWgs84(x, y) }, properties: { nummer: i + 1 } }));
  const inBox = (f: OgcFeature, b: [number, number, number, number]) => {
    const [x, y] = f.geometry!.coordinates as [number, number];
    return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
  };
  return {
    id,
    title: 'Testcollectie (beperkt)',
    description: 'Alleen voor tests: drie punten, leesbaar met incidents:read-exact.',
    permission: 'incidents:read-exact',
    geometryType: 'Point',
    async extent(caller) {
      assertCan(caller, 'incidents:read-exact');
      const c = POINTS.map(([x, y]) => rdToWgs84(x, y));
      return { bbox: [Math.min(...c.map((p) => p[0])), Math.min(...c.map((p) => p[1])), Math.max(...c.map((p) => p[0])), Math.max(...c.map((p) => p[1]))] };
    },
    async items(caller, _db, q) {
      assertCan(caller, 'incidents:read-exact');
      const all = features(q.crs);
      const boxed = q.bbox ? new Set(features(q.bbox.crs).filter((f) => inBox(f, q.bbox!.coords)).map((f) => f.id)) : null;
      const matched = boxed ? all.filter((f) => boxed.has(f.id)) : all;
      return { features: matched.slice(q.offset, q.offset + q.limit), numberMatched: matched.length };
    },
    async item(caller, _db, id, q) {
      assertCan(caller, 'incidents:read-exact');
      return features(q.crs).find((f) => String(f.id) === id) ?? null;
    },
  };
}
