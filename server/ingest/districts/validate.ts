/**
 * Checks of district features that need no database: CBS code and level, the gemeente the
 * feature belongs to (others are skipped), geometry type and structure, and coordinates that
 * are plausible for the declared CRS (inside the Netherlands). Validity in the OGC sense
 * (self-intersections, holes outside shells, ...) and "inside the gemeente" are checked in
 * PostGIS by import.ts, on the features that pass these checks.
 */
import { isInNlWgs84, isInRdBounds } from '../../domain/crs.js';
import { crsName } from './crs.js';
import type { CandidateFeature, CbsLevel, FeatureProblem, RawFeature, SupportedSrid } from './types.js';

export const CODE_PATTERNS: Record<CbsLevel, RegExp> = {
  gemeente: /^GM\d{4}$/,
  wijk: /^WK\d{6}$/,
  buurt: /^BU\d{8}$/,
};

/** The level of a CBS code, or null when it is not one. */
export function levelOfCode(code: string): CbsLevel | null {
  for (const [level, re] of Object.entries(CODE_PATTERNS) as [CbsLevel, RegExp][]) if (re.test(code)) return level;
  return null;
}

/** The gemeente code (GM + 4 digits) a valid CBS code belongs to. */
export function gemeenteOfCode(code: string): string {
  return 'GM' + code.slice(2, 6);
}

/** Parent code by the CBS numbering: buurt BU0200XXYY -> wijk WK0200XX; others have none here. */
export function wijkOfBuurt(code: string): string {
  return 'WK' + code.slice(2, 8);
}

/**
 * Property names of the feature's own code, most specific first. A buurt feature of the CBS
 * kaart carries buurtcode, wijkcode and gemeentecode; its own code is the buurtcode.
 */
const CODE_KEYS = ['statcode', 'code', 'buurtcode', 'bu_code', 'wijkcode', 'wk_code', 'gemeentecode', 'gm_code'];
const NAME_KEYS: Record<CbsLevel, string[]> = {
  buurt: ['statnaam', 'name', 'naam', 'buurtnaam', 'bu_naam'],
  wijk: ['statnaam', 'name', 'naam', 'wijknaam', 'wk_naam'],
  gemeente: ['statnaam', 'name', 'naam', 'gemeentenaam', 'gm_naam'],
};

function lowerKeys(props: Record<string, unknown>): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const [k, v] of Object.entries(props)) {
    const key = k.toLowerCase();
    if (!m.has(key)) m.set(key, v);
  }
  return m;
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

export interface FeatureIdentity {
  code: string | null;
  /** The property the code came from. */
  codeKey: string | null;
  level: CbsLevel | null;
  name: string | null;
}

/** Finds the feature's own CBS code, its level and its name (case-insensitive property names). */
export function identify(props: Record<string, unknown>): FeatureIdentity {
  const p = lowerKeys(props);
  for (const key of CODE_KEYS) {
    const v = str(p.get(key));
    if (v === null) continue;
    const code = v.toUpperCase();
    const level = levelOfCode(code);
    let name: string | null = null;
    if (level) {
      for (const nk of NAME_KEYS[level]) {
        name = str(p.get(nk));
        if (name !== null) break;
      }
    }
    return { code, codeKey: key, level, name };
  }
  return { code: null, codeKey: null, level: null, name: null };
}

const isPos = (p: unknown): p is number[] =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** Structure of Polygon / MultiPolygon coordinates: returns the polygons or a Dutch reason. */
function polygonsOf(type: 'Polygon' | 'MultiPolygon', coords: unknown): number[][][][] | string {
  if (!Array.isArray(coords)) return 'geometrie zonder coördinaten';
  const polys = (type === 'Polygon' ? [coords] : coords) as unknown[];
  if (polys.length === 0) return 'lege geometrie';
  for (let pi = 0; pi < polys.length; pi++) {
    const poly = polys[pi];
    const where = type === 'MultiPolygon' ? `deelvlak ${pi + 1}: ` : '';
    if (!Array.isArray(poly) || poly.length === 0) return `${where}vlak zonder ringen (lege geometrie)`;
    for (let ri = 0; ri < poly.length; ri++) {
      const ring = poly[ri] as unknown;
      const rname = ri === 0 ? 'buitenrand' : `gat ${ri}`;
      if (!Array.isArray(ring)) return `${where}${rname} is geen lijst van punten`;
      for (const p of ring) if (!isPos(p)) return `${where}${rname} bevat een ongeldig punt (${JSON.stringify(p)?.slice(0, 60)})`;
      if (ring.length < 4) return `${where}${rname} heeft ${ring.length} punten; een ring heeft er minstens 4 nodig (eerste = laatste)`;
      const a = ring[0] as number[];
      const b = ring[ring.length - 1] as number[];
      if (a[0] !== b[0] || a[1] !== b[1]) return `${where}${rname} is niet gesloten (eerste punt ≠ laatste punt)`;
    }
  }
  return polys as number[][][][];
}

const fmtPos = (p: number[]) => `(${p.map((v) => Number(v.toPrecision(9))).join(', ')})`;

/** Checks every position against the declared CRS; returns a Dutch reason or null, and the vertex count. */
function checkCoordinates(polys: number[][][][], srid: SupportedSrid, implicit: boolean): { reason: string | null; vertices: number } {
  let vertices = 0;
  let outside: number[] | null = null;
  let allLookRd = true;
  let allLookWgs = true;
  let allLookSwapped = true;
  for (const poly of polys) {
    for (const ring of poly) {
      for (const p of ring) {
        vertices++;
        const [x, y] = p as [number, number];
        const inDeclared = srid === 28992 ? isInRdBounds(x, y) : isInNlWgs84(x, y);
        if (!inDeclared && outside === null) outside = p;
        if (allLookRd && !isInRdBounds(x, y)) allLookRd = false;
        if (allLookWgs && !isInNlWgs84(x, y)) allLookWgs = false;
        if (allLookSwapped && !isInNlWgs84(y, x)) allLookSwapped = false;
      }
    }
  }
  if (outside === null) return { reason: null, vertices };
  const declared = crsName(srid);
  const example = fmtPos(outside);
  let reason: string;
  if (srid === 4326 && allLookRd) {
    reason = implicit
      ? `coördinaten lijken RD New (meters), bijv. ${example}, maar het bestand noemt geen crs en dan geldt WGS84; voeg "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}} toe`
      : `coördinaten lijken RD New (meters), bijv. ${example}, maar het bestand geeft ${declared} op`;
  } else if (srid === 4326 && allLookSwapped) {
    reason = `coördinaten staan als (lat, lon), bijv. ${example}; verwacht (lon, lat) in ${declared}`;
  } else if (srid === 28992 && allLookWgs) {
    reason = `coördinaten lijken WGS84 (graden), bijv. ${example}, maar het bestand geeft ${declared} op`;
  } else {
    reason = `ligt (deels) buiten Nederland: punt ${example} valt buiten het geldigheidsgebied van ${declared}`;
  }
  return { reason, vertices };
}

export interface ValidationResult {
  candidates: CandidateFeature[];
  problems: FeatureProblem[];
  /** Features of other gemeenten (a national file has all of the Netherlands). */
  skippedOtherGemeente: number;
  /** Water parts (property water = JA) of the CBS kaart, not imported. */
  skippedWater: number;
}

export interface ValidateOptions {
  /** The configured gemeente, e.g. GM0200; features of others are skipped. */
  gemeenteCode: string;
}

/** Validates all features; nothing here throws for a bad feature, it becomes a problem. */
export function validateFeatures(features: RawFeature[], opts: ValidateOptions): ValidationResult {
  const candidates: CandidateFeature[] = [];
  const problems: FeatureProblem[] = [];
  const seen = new Map<string, string>();
  let skippedOtherGemeente = 0;
  let skippedWater = 0;
  for (const f of features) {
    const id = identify(f.properties);
    const problem = (reason: string) => problems.push({ index: f.index, ref: f.ref, code: id.code, reason });
    if (id.code === null) {
      problem('geen CBS-code gevonden (verwacht een eigenschap buurtcode, wijkcode, gemeentecode, statcode of code)');
      continue;
    }
    if (id.level === null) {
      problem(`'${id.code}' (eigenschap ${id.codeKey}) is geen CBS-code; verwacht GM + 4 cijfers, WK + 6 cijfers of BU + 8 cijfers`);
      continue;
    }
    const gm = gemeenteOfCode(id.code);
    if (gm !== opts.gemeenteCode) {
      skippedOtherGemeente++;
      continue;
    }
    const p = lowerKeys(f.properties);
    const water = str(p.get('water'));
    if (water !== null && water.toUpperCase() === 'JA') {
      skippedWater++;
      continue;
    }
    // The CBS kaart repeats the codes of the enclosing areas; they must agree with the own code.
    const declaredGm = str(p.get('gemeentecode') ?? p.get('gm_code'))?.toUpperCase();
    if (id.level !== 'gemeente' && declaredGm && CODE_PATTERNS.gemeente.test(declaredGm) && declaredGm !== gm) {
      problem(`gemeentecode ${declaredGm} past niet bij de code ${id.code}`);
      continue;
    }
    const declaredWk = str(p.get('wijkcode') ?? p.get('wk_code'))?.toUpperCase();
    if (id.level === 'buurt' && declaredWk && CODE_PATTERNS.wijk.test(declaredWk) && declaredWk !== wijkOfBuurt(id.code)) {
      problem(`wijkcode ${declaredWk} past niet bij de buurtcode ${id.code}`);
      continue;
    }
    const dup = seen.get(id.code);
    if (dup !== undefined) {
      problem(`code ${id.code} komt al voor in ${dup}`);
      continue;
    }
    seen.set(id.code, f.ref);
    if (f.decodeError) {
      problem(f.decodeError);
      continue;
    }
    const g = f.geometry;
    if (g === null) {
      problem('geen geometrie');
      continue;
    }
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
      problem(`geometrie is een ${g.type}; verwacht Polygon of MultiPolygon`);
      continue;
    }
    const polys = polygonsOf(g.type, g.coordinates);
    if (typeof polys === 'string') {
      problem(polys);
      continue;
    }
    const srid = f.crs.srid;
    if (srid === null) {
      problem(`coördinatenstelsel ${f.crs.label} wordt niet ondersteund`);
      continue;
    }
    const { reason, vertices } = checkCoordinates(polys, srid, f.crs.implicit);
    if (reason) {
      problem(reason);
      continue;
    }
    candidates.push({
      index: f.index,
      ref: f.ref,
      code: id.code,
      level: id.level,
      name: id.name,
      geometry: { type: g.type, coordinates: g.coordinates },
      srid,
      vertices,
    });
  }
  return { candidates, problems, skippedOtherGemeente, skippedWater };
}
