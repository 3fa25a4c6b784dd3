/**
 * DEMO DATA: seeded generator of realistic, entirely fictitious high-impact-crime incidents for
 * Apeldoorn. Everything the UI shows under the "demo" badge comes from here; no incident is real.
 *
 * Purpose: let the dashboard (maps, Gi* hot spots, hot times, near-repeat/Knox, DDO comparison)
 * be shown and tested without police data, with patterns that the analyses should find and whose
 * "truth" is known (the hot spot centres and the parent of every near-repeat are returned).
 *
 * Inputs (pure function, no I/O, no clock, no Math.random): wijk polygons in RD New (CBS wijken,
 * with dwellings and inhabitants), a period [from, to), a 32-bit seed and optional parameters.
 * The same input gives the same output on every platform (mulberry32 streams, see random.ts;
 * separate sub-streams for space, time, attributes and near-repeat, so changing e.g. the
 * near-repeat parameters leaves the background events unchanged).
 *
 * Model
 * 1. Volumes. Residential burglary (woninginbraak + poging) occurs at `burglaryRate` per 1,000
 *    dwellings per year, default 2.5. Reasoning: in the early 2020s the Dutch police registered
 *    in the order of 20-27 thousand residential burglaries (attempts included) a year on about
 *    8 million dwellings, i.e. roughly 2.5-3.3 per 1,000; Apeldoorn, a middle-sized city with large
 *    rural parts, is put at the lower end. Cross-check with the shipped CBS data: Apeldoorn
 *    registered about 7,000-7,500 crimes a year in 2021-2025 (47022NED); burglary is a few
 *    percent of all registered crime nationally, which gives the same ~190 a year on its ~74,600
 *    dwellings. These are order-of-magnitude figures for a demo, not statistics. The rate
 *    includes the near-repeat offspring: the background rate is rate x (1 - branching ratio).
 *    Attempts are `attemptShare` (default 30 %) of burglaries.
 *    Other HIC per 1,000 inhabitants per year (defaults): straatroof 0.2, overval 0.05, geweld
 *    0.4. Straatroof and overval are roughly the national levels of the 2020s (a few thousand
 *    and about a thousand a year); geweld is deliberately only a subset (serious violence in
 *    public space) because all registered violence (several per 1,000) would swamp the demo map.
 * 2. Space. Burglaries per wijk are proportional to dwellings; points are uniform inside the
 *    (simplified) wijk polygon, because no address points (BAG) are available. `hotspots.count`
 *    seeded hot spots (default 5) are placed in urban wijken (at least 5 dwellings per ha and
 *    300 ha, chosen with weight = dwellings, at most one per wijk, centre at least 400 m inside
 *    the wijk). A hot spot draws the share boost / (1 + boost) (boost 0.5-1.0, i.e. 33-50 %) of
 *    its wijk's background burglaries into a Gaussian blob (sigma 120-250 m) around its centre:
 *    the local risk there is several times the wijk
 *    average, which Gi* on a 250-500 m grid finds as a significant hot spot, while the wijk
 *    total stays proportional to its dwellings (near-repeat offspring add to wijken with more
 *    burglaries, hot spots included). Straatroof and geweld follow
 *    inhabitants times an urban factor (sqrt of population density relative to 10 per ha,
 *    clamped to 0.3-3, so the centre gets more; the gemeente total stays rate x inhabitants);
 *    overval follows inhabitants.
 * 3. Time ("true time", the moment of the crime). A non-homogeneous Poisson process in
 *    Europe/Amsterdam local time: month factor x weekday factor x hour-of-day profile, per kind.
 *    Burglary: Donkere Dagen Offensief seasonality (October-March clearly above summer, peak
 *    December/January; monthly factors 0.70-1.50), an evening peak 17-22 h and a daytime
 *    plateau on weekdays (homes empty during work hours); in November-February the 16-19 h hours
 *    get an extra 1.4 (early darkness). Straatroof: evening/night, weekend nights, mild winter
 *    peak. Overval: late afternoon/early evening around closing time, strong winter peak.
 *    Geweld: weekend nights, slightly higher in summer. See the tables below.
 * 4. Registered time window [from, to] (pleegperiode). Burglaries are mostly discovered later:
 *    short absences (log-normal, median 2.5 h, 15 min-12 h), a working day (about 07:30-17:30
 *    on weekdays), a night (about 23:00-07:00), a weekend away (1.5-3.2 days) or a holiday
 *    (4-16 days, more often in July/August and around Christmas), and some exactly known times
 *    (5 %; attempts 25 %, residents often disturb them). Robbery and violence have victims on
 *    the spot: 85 % exact, otherwise a window of 5-30 minutes. Always from <= trueTime <= to;
 *    `from` is rounded down and `to` up to 5 minutes, like human-entered times (exact moments
 *    stay to the minute).
 * 5. Near repeat: a Hawkes-like self-exciting branching process on burglaries. Every burglary
 *    (background or offspring) triggers Poisson(`branching`, default 0.2) offspring burglaries:
 *    distance exponential (mean 75 m) truncated at 200 m, delay exponential (mean 4 days)
 *    truncated at 14 days, the time of day redrawn from the hour profile of that day (offenders
 *    keep their hours). The expected share of offspring equals the branching ratio. Offspring
 *    repeat the parent's modus operandi with probability 0.6 and target dwelling type with 0.6
 *    (same offender, similar houses in the street). `parentId` links each offspring to its parent.
 * 6. Attributes. Target dwelling type depends on dwelling density of the wijk (dense centre:
 *    mostly appartementen; suburbs: rijtjes-, hoek-, twee-onder-een-kapwoningen; rural:
 *    vrijstaand), and the modus operandi on the dwelling type (flipperen and cilinder trekken on
 *    apartment/front doors, openbreken raam and inklimmen at the back of houses). No addresses
 *    or postcodes are generated.
 *
 * Output: incidents in the ValidIncident shape (RD New), plus `demo: true`, `wijkCode`,
 * `trueTime` (the simulated moment; for validating aoristic analyses, do not present it as data),
 * `generation` (0 = background) and `parentId` for near-repeat offspring. Ids are
 * `${idPrefix}${seed}-000001`... in order of true time.
 */
import { wgs84ToRd } from '../domain/crs.js';
import type { IncidentKind, DwellingType } from '../domain/incidents/kinds.js';
import type { ValidIncident } from '../domain/incidents/incident.js';
import { amsterdamParts, amsterdamToUtc } from '../domain/incidents/time.js';
import { mulberry32, randomNormal, randomPoisson, type Rng } from '../domain/random.js';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type RdPolygonGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface DemoWijk {
  /** CBS wijk code, e.g. WK020001. */
  code: string;
  name?: string;
  /** Dwellings (woningen). */
  woningen: number;
  /** Inhabitants (inwoners). */
  inwoners: number;
  /** Polygon or MultiPolygon in RD New metres (GeoJSON coordinate order x, y). */
  geometry: RdPolygonGeometry;
}

export interface DemoIncidentOptions {
  wijken: readonly DemoWijk[];
  /** Start of the period (inclusive). */
  from: Date;
  /** End of the period (exclusive). */
  to: Date;
  seed: number;
  /** Residential burglaries (completed + attempted, near-repeats included) per 1,000 dwellings per year. Default 2.5. */
  burglaryRate?: number;
  /** Share of burglaries that are attempts (poging_woninginbraak). Default 0.3. */
  attemptShare?: number;
  /** Other HIC per 1,000 inhabitants per year. Defaults: straatroof 0.2, overval 0.05, geweld 0.4. */
  otherRates?: Partial<Record<'straatroof' | 'overval' | 'geweld', number>>;
  hotspots?: {
    /** Default 5 (at most one per eligible wijk). */
    count?: number;
    /** The hot spot takes boost / (1 + boost) of its wijk's background burglaries; boost drawn uniformly from this range. Default [0.5, 1.0]. */
    boost?: [number, number];
    /** Gaussian radius in metres, drawn uniformly from this range. Default [120, 250]. */
    sigma?: [number, number];
    /** Wijken with fewer dwellings per hectare get no hot spot. Default 5. */
    minDensity?: number;
    /**
     * Wijken smaller than this (hectares) get no hot spot. Default 300: in a small wijk such as
     * Apeldoorn Centrum (110 ha) a 250 m blob is the whole wijk, and the wijk is dense anyway.
     */
    minAreaHa?: number;
  };
  /** Near-repeat branching; `false` switches it off (pure background process). */
  nearRepeat?:
    | false
    | {
        /** Expected offspring per burglary (branching ratio, < 1). Default 0.2. */
        branching?: number;
        /** Mean distance in metres. Default 75. */
        meanDistance?: number;
        /** Maximum distance in metres. Default 200. */
        maxDistance?: number;
        /** Mean delay in days. Default 4. */
        meanDays?: number;
        /** Maximum delay in days. Default 14. */
        maxDays?: number;
      };
  /** Prefix of generated ids. Default "DEMO-". */
  idPrefix?: string;
}

export interface DemoIncident extends ValidIncident {
  demo: true;
  wijkCode: string;
  /** The simulated moment of the crime (from <= trueTime <= to). Not source data: do not store as such. */
  trueTime: Date;
  /** 0 for background events, n for the n-th generation of near-repeat offspring. */
  generation: number;
  /** sourceId of the burglary that triggered this near-repeat. */
  parentId?: string;
  /** Index into `hotspots` when the location was drawn from a hot spot. */
  hotspot?: number;
}

export interface DemoHotspot {
  wijkCode: string;
  x: number;
  y: number;
  sigma: number;
  boost: number;
}

export interface DemoIncidentsResult {
  incidents: DemoIncident[];
  hotspots: DemoHotspot[];
  /** The parameters actually used (defaults filled in), for the demo badge / documentation. */
  parameters: ResolvedDemoParameters;
}

export interface ResolvedDemoParameters {
  seed: number;
  from: string;
  to: string;
  burglaryRate: number;
  attemptShare: number;
  otherRates: Record<'straatroof' | 'overval' | 'geweld', number>;
  hotspots: { count: number; boost: [number, number]; sigma: [number, number]; minDensity: number; minAreaHa: number };
  nearRepeat: { branching: number; meanDistance: number; maxDistance: number; meanDays: number; maxDays: number } | false;
}

// ---------------------------------------------------------------------------------------------
// Temporal profiles (relative weights; normalised where used)
// ---------------------------------------------------------------------------------------------

type ProcessKind = 'burglary' | 'straatroof' | 'overval' | 'geweld';

/** Month factors January..December. */
export const MONTH_FACTORS: Readonly<Record<ProcessKind, readonly number[]>> = {
  burglary: [1.35, 1.15, 1.0, 0.8, 0.75, 0.7, 0.75, 0.75, 0.85, 1.1, 1.3, 1.5],
  straatroof: [1.25, 1.1, 1.0, 0.85, 0.85, 0.8, 0.85, 0.85, 0.9, 1.05, 1.2, 1.3],
  overval: [1.4, 1.2, 1.0, 0.8, 0.7, 0.65, 0.7, 0.75, 0.85, 1.1, 1.35, 1.5],
  geweld: [0.95, 0.85, 0.95, 1.0, 1.1, 1.1, 1.1, 1.05, 1.0, 0.95, 0.9, 1.05],
};

/** Weekday factors Sunday..Saturday. */
export const WEEKDAY_FACTORS: Readonly<Record<ProcessKind, readonly number[]>> = {
  burglary: [0.9, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05],
  straatroof: [1.1, 0.9, 0.9, 0.9, 1.0, 1.2, 1.3],
  overval: [0.8, 1.0, 1.05, 1.05, 1.1, 1.1, 0.9],
  geweld: [1.5, 0.7, 0.7, 0.75, 0.85, 1.1, 1.45],
};

/** Hour-of-day weights 0..23 (local time), for weekdays and for Saturday/Sunday. */
export const HOUR_PROFILES: Readonly<Record<ProcessKind, { weekday: readonly number[]; weekend: readonly number[] }>> = {
  burglary: {
    weekday: [1.0, 0.8, 0.7, 0.7, 0.6, 0.5, 0.5, 0.8, 1.3, 1.8, 2.0, 2.0, 1.9, 1.9, 2.0, 2.0, 2.3, 3.2, 3.8, 4.0, 3.8, 3.2, 2.2, 1.4],
    weekend: [1.4, 1.2, 1.0, 0.9, 0.7, 0.5, 0.5, 0.6, 0.8, 1.0, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 2.0, 2.8, 3.4, 3.8, 3.8, 3.4, 2.6, 1.8],
  },
  straatroof: {
    weekday: [2.5, 2.5, 2.0, 1.5, 0.8, 0.4, 0.3, 0.4, 0.6, 0.8, 1.0, 1.1, 1.2, 1.3, 1.5, 1.8, 2.0, 2.3, 2.5, 2.7, 3.0, 3.2, 3.2, 3.0],
    weekend: [3.5, 3.5, 3.0, 2.0, 1.0, 0.5, 0.3, 0.3, 0.4, 0.6, 0.8, 1.0, 1.2, 1.3, 1.5, 1.7, 1.9, 2.1, 2.3, 2.6, 2.9, 3.2, 3.4, 3.5],
  },
  overval: {
    weekday: [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.3, 1.3, 1.3, 1.4, 1.6, 2.0, 2.8, 3.2, 3.0, 2.6, 2.2, 1.4, 0.7],
    weekend: [0.4, 0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.3, 0.5, 0.8, 1.1, 1.3, 1.4, 1.4, 1.5, 1.7, 2.0, 2.6, 2.8, 2.6, 2.3, 2.0, 1.4, 0.8],
  },
  geweld: {
    weekday: [2.0, 1.6, 1.2, 0.9, 0.6, 0.4, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.5, 1.6, 1.8, 2.0, 2.2, 2.4, 2.5, 2.6, 2.7, 2.8, 2.7, 2.4],
    weekend: [4.5, 4.5, 4.0, 3.0, 1.8, 0.8, 0.5, 0.5, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.2, 2.4, 2.6, 2.8, 3.0, 3.4, 3.8, 4.2],
  },
};

/** Early darkness: extra weight for 16-19 h in November-February (not for geweld). */
const DARK_MONTHS = new Set([11, 12, 1, 2]);
const DARK_HOURS = new Set([16, 17, 18]);
const DARK_FACTOR = 1.4;

function hourWeights(kind: ProcessKind, month: number, weekday: number): number[] {
  const base = weekday === 0 || weekday === 6 ? HOUR_PROFILES[kind].weekend : HOUR_PROFILES[kind].weekday;
  return base.map((w, h) => (kind !== 'geweld' && DARK_MONTHS.has(month) && DARK_HOURS.has(h) ? w * DARK_FACTOR : w));
}

function normalised(a: readonly number[]): number[] {
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  return a.map((v) => v / mean);
}

// ---------------------------------------------------------------------------------------------
// Attribute tables
// ---------------------------------------------------------------------------------------------

type Weighted<T extends string> = readonly (readonly [T, number])[];

/** Target dwelling type by dwelling density class (dwellings per ha). */
const DWELLING_MIX: Readonly<Record<'dense' | 'urban' | 'rural', Weighted<DwellingType>>> = {
  dense: [['appartement', 0.55], ['rijtjeswoning', 0.22], ['hoekwoning', 0.1], ['twee_onder_een_kap', 0.06], ['vrijstaand', 0.07]],
  urban: [['rijtjeswoning', 0.36], ['hoekwoning', 0.18], ['twee_onder_een_kap', 0.18], ['vrijstaand', 0.1], ['appartement', 0.18]],
  rural: [['vrijstaand', 0.5], ['twee_onder_een_kap', 0.22], ['rijtjeswoning', 0.12], ['hoekwoning', 0.08], ['appartement', 0.08]],
};

/** Burglary modus operandi by dwelling type. */
const BURGLARY_MO: Readonly<Record<DwellingType, Weighted<string>>> = {
  appartement: [['flipperen', 0.35], ['cilinder trekken', 0.3], ['openbreken deur', 0.15], ['deur niet afgesloten', 0.1], ['hengelen', 0.1]],
  rijtjeswoning: [['openbreken raam', 0.3], ['cilinder trekken', 0.2], ['openbreken deur', 0.2], ['inklimmen', 0.15], ['flipperen', 0.1], ['ruit ingooien', 0.05]],
  hoekwoning: [['openbreken raam', 0.35], ['inklimmen', 0.2], ['openbreken deur', 0.2], ['cilinder trekken', 0.15], ['ruit ingooien', 0.1]],
  twee_onder_een_kap: [['openbreken raam', 0.35], ['inklimmen', 0.2], ['openbreken deur', 0.2], ['ruit ingooien', 0.15], ['cilinder trekken', 0.1]],
  vrijstaand: [['openbreken raam', 0.35], ['inklimmen', 0.2], ['openbreken deur', 0.2], ['ruit ingooien', 0.15], ['cilinder trekken', 0.1]],
};

const OTHER_ATTRIBUTES: Readonly<Record<'straatroof' | 'overval' | 'geweld', { target: Weighted<string>; mo: Weighted<string> }>> = {
  straatroof: {
    target: [['persoon op straat', 1]],
    mo: [['geweld (duwen, slaan)', 0.35], ['bedreiging met mes', 0.25], ['telefoonroof', 0.2], ['tasjesroof', 0.15], ['bedreiging met vuurwapen', 0.05]],
  },
  overval: {
    target: [['winkel', 0.45], ['woning', 0.25], ['horeca', 0.1], ['tankstation', 0.1], ['bezorger', 0.1]],
    mo: [['bedreiging met vuurwapen', 0.35], ['bedreiging met steekwapen', 0.35], ['geweld zonder wapen', 0.3]],
  },
  geweld: {
    target: [['openbare ruimte', 0.6], ['uitgaansgebied', 0.25], ['openbaar vervoer', 0.15]],
    mo: [['mishandeling', 0.5], ['bedreiging', 0.3], ['zware mishandeling', 0.1], ['openlijk geweld', 0.1]],
  },
};

function pick<T extends string>(rng: Rng, table: Weighted<T>): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let u = rng() * total;
  for (const [v, w] of table) {
    u -= w;
    if (u < 0) return v;
  }
  return table[table.length - 1]![0];
}

// ---------------------------------------------------------------------------------------------
// Geometry
// ---------------------------------------------------------------------------------------------

interface PreparedWijk {
  wijk: DemoWijk;
  rings: number[][][];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** hectares */
  areaHa: number;
  density: number;
}

function ringArea(ring: number[][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j]![0]! + ring[i]![0]!) * (ring[j]![1]! - ring[i]![1]!);
  return Math.abs(a / 2);
}

function prepare(w: DemoWijk): PreparedWijk {
  const polys = w.geometry.type === 'Polygon' ? [w.geometry.coordinates] : w.geometry.coordinates;
  const rings = polys.flat();
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const r of rings) for (const [x, y] of r as [number, number][]) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  let area = 0;
  for (const p of polys) p.forEach((r, i) => (area += i === 0 ? ringArea(r) : -ringArea(r)));
  const areaHa = area / 10_000;
  return { wijk: w, rings, minX, minY, maxX, maxY, areaHa, density: areaHa > 0 ? w.woningen / areaHa : 0 };
}

/** Even-odd ray test over all rings (outer rings and holes) of the wijk. */
function inside(p: PreparedWijk, x: number, y: number): boolean {
  if (x < p.minX || x > p.maxX || y < p.minY || y > p.maxY) return false;
  let c = false;
  for (const ring of p.rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xi = ring[i]![0]!, yi = ring[i]![1]!, xj = ring[j]![0]!, yj = ring[j]![1]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
    }
  }
  return c;
}

function uniformIn(rng: Rng, p: PreparedWijk): [number, number] {
  for (let i = 0; i < 10_000; i++) {
    const x = p.minX + rng() * (p.maxX - p.minX);
    const y = p.minY + rng() * (p.maxY - p.minY);
    if (inside(p, x, y)) return [x, y];
  }
  throw new Error(`cannot sample a point in wijk ${p.wijk.code}`);
}

function clearAround(p: PreparedWijk, x: number, y: number, r: number): boolean {
  for (let k = 0; k < 8; k++) {
    const a = (k * Math.PI) / 4;
    if (!inside(p, x + r * Math.cos(a), y + r * Math.sin(a))) return false;
  }
  return true;
}

function densityClass(p: PreparedWijk): 'dense' | 'urban' | 'rural' {
  return p.density >= 25 ? 'dense' : p.density >= 5 ? 'urban' : 'rural';
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

interface LocalDay {
  year: number;
  month: number;
  day: number;
  weekday: number;
  start: number;
  end: number;
}

const DAY = 86_400_000;
const MIN5 = 300_000;

function localDays(from: Date, to: Date): LocalDay[] {
  const days: LocalDay[] = [];
  const p = amsterdamParts(from);
  for (let i = 0; ; i++) {
    const start = amsterdamToUtc(p.year, p.month, p.day + i).getTime();
    if (start >= to.getTime()) break;
    const end = amsterdamToUtc(p.year, p.month, p.day + i + 1).getTime();
    const q = amsterdamParts(start);
    days.push({ year: q.year, month: q.month, day: q.day, weekday: q.weekday, start, end });
  }
  return days;
}

/** Sampler of true times for one kind over the period. */
class TimeSampler {
  private readonly cum: Float64Array;
  readonly expectedDays: number;
  private readonly month: number[];
  private readonly weekday: number[];

  constructor(
    private readonly kind: ProcessKind,
    private readonly days: LocalDay[],
    private readonly from: number,
    private readonly to: number,
  ) {
    this.month = normalised(MONTH_FACTORS[kind]);
    this.weekday = normalised(WEEKDAY_FACTORS[kind]);
    this.cum = new Float64Array(days.length);
    let s = 0;
    days.forEach((d, i) => {
      const covered = (Math.min(d.end, to) - Math.max(d.start, from)) / (d.end - d.start);
      s += this.dayWeight(d) * Math.max(0, covered);
      this.cum[i] = s;
    });
    /** Sum of day weights = the period length in "average days". */
    this.expectedDays = s;
  }

  dayWeight(d: LocalDay): number {
    return this.month[d.month - 1]! * this.weekday[d.weekday]!;
  }

  /** A time on the given local day drawn from the hour profile; whole minutes. */
  timeOnDay(rng: Rng, d: LocalDay): number {
    const w = hourWeights(this.kind, d.month, d.weekday);
    const total = w.reduce((a, b) => a + b, 0);
    let u = rng() * total;
    let hour = 23;
    for (let h = 0; h < 24; h++) {
      u -= w[h]!;
      if (u < 0) {
        hour = h;
        break;
      }
    }
    const minute = Math.floor(rng() * 60);
    return amsterdamToUtc(d.year, d.month, d.day, hour, minute).getTime();
  }

  sample(rng: Rng): number {
    const total = this.cum[this.cum.length - 1] ?? 0;
    for (let attempt = 0; attempt < 100; attempt++) {
      const u = rng() * total;
      let lo = 0, hi = this.cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cum[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      const t = this.timeOnDay(rng, this.days[lo]!);
      if (t >= this.from && t < this.to) return t;
    }
    return this.from;
  }

  /** Local day containing `t` (binary search). */
  dayOf(t: number): LocalDay | undefined {
    let lo = 0, hi = this.days.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = this.days[mid]!;
      if (t < d.start) hi = mid - 1;
      else if (t >= d.end) lo = mid + 1;
      else return d;
    }
    return undefined;
  }
}

function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * randomNormal(rng));
}

function isHolidaySeason(month: number, day: number): boolean {
  return month === 7 || month === 8 || (month === 12 && day >= 20) || (month === 1 && day <= 5);
}

/** Registered window around a burglary's true time `t` (see the module comment, point 4). */
function burglaryWindow(rng: Rng, t: number, attempt: boolean): [number, number] {
  const p = amsterdamParts(t);
  const weekend = p.weekday === 0 || p.weekday === 5 || p.weekday === 6;
  const u = rng();
  const exact = attempt ? 0.25 : 0.05;
  if (u < exact) return [t, t];
  const holiday = isHolidaySeason(p.month, p.day);
  const multiDay = holiday ? 0.2 : weekend ? 0.15 : 0.08;
  if (u < exact + (attempt ? multiDay / 2 : multiDay)) {
    const days = holiday && rng() < 0.6 ? 4 + rng() * 12 : 1.5 + rng() * 1.7;
    return around(rng, t, days * DAY);
  }
  const r = rng();
  const workday = p.weekday >= 1 && p.weekday <= 5 && p.hour >= 8 && p.hour < 17;
  if (workday && r < 0.45) {
    const from = Math.min(t, amsterdamToUtc(p.year, p.month, p.day, 7, 30 + Math.floor(rng() * 75)).getTime());
    const to = Math.max(t, amsterdamToUtc(p.year, p.month, p.day, 16, 30 + Math.floor(rng() * 120)).getTime());
    return [from, to];
  }
  const night = p.hour >= 23 || p.hour < 6;
  if (night && r < 0.45) {
    const eveningDay = p.hour >= 23 ? p.day : p.day - 1;
    const from = Math.min(t, amsterdamToUtc(p.year, p.month, eveningDay, 22, 30 + Math.floor(rng() * 120)).getTime());
    const to = Math.max(t, amsterdamToUtc(p.year, p.month, eveningDay + 1, 6, 30 + Math.floor(rng() * 90)).getTime());
    return [from, to];
  }
  const hours = Math.min(12, Math.max(0.25, lognormal(rng, attempt ? 1.5 : 2.5, 0.7)));
  return around(rng, t, hours * 3_600_000);
}

function around(rng: Rng, t: number, length: number): [number, number] {
  const from = t - rng() * length;
  return [from, from + length];
}

function otherWindow(rng: Rng, t: number): [number, number] {
  if (rng() < 0.85) return [t, t];
  return around(rng, t, (5 + rng() * 25) * 60_000);
}

/** Human-entered windows: from down, to up to 5 minutes; an exactly known moment stays to the minute. */
function roundWindow([from, to]: [number, number]): [number, number] {
  if (from === to) return [from, to];
  return [Math.floor(from / MIN5) * MIN5, Math.ceil(to / MIN5) * MIN5];
}

// ---------------------------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------------------------

/** Derive independent sub-stream seeds from the user seed (splitmix-like integer hash). */
function subSeed(seed: number, stream: number): number {
  let z = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

interface Draft {
  kind: IncidentKind;
  t: number;
  x: number;
  y: number;
  wijk: PreparedWijk;
  generation: number;
  parent?: number;
  hotspot?: number;
  targetType: string;
  modusOperandi: string;
}

function resolve(o: DemoIncidentOptions): ResolvedDemoParameters {
  const nr = o.nearRepeat;
  const params: ResolvedDemoParameters = {
    seed: o.seed >>> 0,
    from: o.from.toISOString(),
    to: o.to.toISOString(),
    burglaryRate: o.burglaryRate ?? 2.5,
    attemptShare: o.attemptShare ?? 0.3,
    otherRates: { straatroof: 0.2, overval: 0.05, geweld: 0.4, ...o.otherRates },
    hotspots: { count: 5, boost: [0.5, 1.0], sigma: [120, 250], minDensity: 5, minAreaHa: 300, ...o.hotspots },
    nearRepeat:
      nr === false ? false : { branching: 0.2, meanDistance: 75, maxDistance: 200, meanDays: 4, maxDays: 14, ...nr },
  };
  if (!(o.to.getTime() > o.from.getTime())) throw new RangeError('demo period: to must be after from');
  if (params.nearRepeat && !(params.nearRepeat.branching >= 0 && params.nearRepeat.branching < 1)) {
    throw new RangeError('nearRepeat.branching must be in [0, 1)');
  }
  if (o.wijken.length === 0) throw new RangeError('no wijken given');
  return params;
}

/**
 * Generate demo incidents (see the module comment for the model). Deterministic for the inputs.
 */
export function generateDemoIncidents(options: DemoIncidentOptions): DemoIncidentsResult {
  const params = resolve(options);
  const seed = params.seed;
  const rngHot = mulberry32(subSeed(seed, 1));
  const rngCount = mulberry32(subSeed(seed, 2));
  const rngSpace = mulberry32(subSeed(seed, 3));
  const rngTime = mulberry32(subSeed(seed, 4));
  const rngAttr = mulberry32(subSeed(seed, 5));
  const rngNear = mulberry32(subSeed(seed, 6));

  const wijken = options.wijken.map(prepare);
  const from = options.from.getTime();
  const to = options.to.getTime();
  const days = localDays(options.from, options.to);

  // --- hot spots: weighted sampling of eligible wijken without replacement, weight = dwellings.
  const hotspots: DemoHotspot[] = [];
  const eligible = wijken.filter(
    (w) => w.density >= params.hotspots.minDensity && w.areaHa >= params.hotspots.minAreaHa && w.wijk.woningen > 0,
  );
  const pool = eligible.map((w) => ({ w, weight: w.wijk.woningen }));
  const hsByWijk = new Map<PreparedWijk, number[]>();
  for (let k = 0; k < params.hotspots.count && pool.length > 0; k++) {
    const total = pool.reduce((s, p) => s + p.weight, 0);
    let u = rngHot() * total;
    let idx = pool.findIndex((p) => (u -= p.weight) < 0);
    if (idx < 0) idx = pool.length - 1;
    const { w } = pool.splice(idx, 1)[0]!;
    // A centre well inside the wijk (400 m clear in 8 directions), so the blob is not cut off.
    let [x, y] = uniformIn(rngHot, w);
    for (let tries = 0; tries < 200 && !clearAround(w, x, y, 400); tries++) [x, y] = uniformIn(rngHot, w);
    const [b0, b1] = params.hotspots.boost;
    const [s0, s1] = params.hotspots.sigma;
    hotspots.push({ wijkCode: w.wijk.code, x, y, boost: b0 + rngHot() * (b1 - b0), sigma: s0 + rngHot() * (s1 - s0) });
    hsByWijk.set(w, [...(hsByWijk.get(w) ?? []), hotspots.length - 1]);
  }

  const drafts: Draft[] = [];
  const attrFor = (kind: IncidentKind, w: PreparedWijk): { targetType: string; modusOperandi: string } => {
    if (kind === 'woninginbraak' || kind === 'poging_woninginbraak') {
      const targetType = pick(rngAttr, DWELLING_MIX[densityClass(w)]);
      return { targetType, modusOperandi: pick(rngAttr, BURGLARY_MO[targetType]) };
    }
    const t = OTHER_ATTRIBUTES[kind];
    return { targetType: pick(rngAttr, t.target), modusOperandi: pick(rngAttr, t.mo) };
  };

  // --- background burglaries
  const burglaryTimes = new TimeSampler('burglary', days, from, to);
  const branching = params.nearRepeat ? params.nearRepeat.branching : 0;
  const boostOf = (w: PreparedWijk) => (hsByWijk.get(w) ?? []).reduce((s, i) => s + hotspots[i]!.boost, 0);
  for (const w of wijken) {
    const boost = boostOf(w);
    const mean = ((params.burglaryRate * (1 - branching) * w.wijk.woningen) / 1000) * (burglaryTimes.expectedDays / 365.25);
    const n = randomPoisson(rngCount, mean);
    const hs = hsByWijk.get(w) ?? [];
    for (let i = 0; i < n; i++) {
      let x: number, y: number;
      let hotspot: number | undefined;
      // Share boost_h / (1 + boost) of the wijk's events comes from hot spot h.
      let u = rngSpace() * (1 + boost);
      for (const h of hs) if (hotspot === undefined && (u -= hotspots[h]!.boost) < 0) hotspot = h;
      if (hotspot !== undefined) {
        const h = hotspots[hotspot]!;
        let tries = 0;
        do {
          x = h.x + h.sigma * randomNormal(rngSpace);
          y = h.y + h.sigma * randomNormal(rngSpace);
        } while (!inside(w, x, y) && ++tries < 100);
        if (tries >= 100) [x, y] = uniformIn(rngSpace, w);
      } else [x, y] = uniformIn(rngSpace, w);
      const kind: IncidentKind = rngAttr() < params.attemptShare ? 'poging_woninginbraak' : 'woninginbraak';
      drafts.push({ kind, t: burglaryTimes.sample(rngTime), x, y, wijk: w, generation: 0, hotspot, ...attrFor(kind, w) });
    }
  }

  // --- other HIC
  for (const kind of ['straatroof', 'overval', 'geweld'] as const) {
    const sampler = new TimeSampler(kind, days, from, to);
    const urbanOf = (w: PreparedWijk) => {
      const popDensity = w.areaHa > 0 ? w.wijk.inwoners / w.areaHa : 0;
      return kind === 'overval' ? 1 : Math.min(3, Math.max(0.3, Math.sqrt(popDensity / 10)));
    };
    // Normalise so that the gemeente total stays rate x inhabitants.
    const weighted = wijken.reduce((s, w) => s + w.wijk.inwoners * urbanOf(w), 0);
    const inhabitants = wijken.reduce((s, w) => s + w.wijk.inwoners, 0);
    const norm = weighted > 0 ? inhabitants / weighted : 0;
    for (const w of wijken) {
      const mean = ((params.otherRates[kind] * w.wijk.inwoners * urbanOf(w) * norm) / 1000) * (sampler.expectedDays / 365.25);
      const n = randomPoisson(rngCount, mean);
      for (let i = 0; i < n; i++) {
        const [x, y] = uniformIn(rngSpace, w);
        drafts.push({ kind, t: sampler.sample(rngTime), x, y, wijk: w, generation: 0, ...attrFor(kind, w) });
      }
    }
  }

  // --- near repeat: branching process over burglaries (breadth first over the queue).
  if (params.nearRepeat && branching > 0) {
    const nr = params.nearRepeat;
    const spawn = (rng: Rng, parent: Draft, parentIndex: number): Draft | undefined => {
      let pos: [number, number, PreparedWijk] | undefined;
      for (let i = 0; i < 50 && !pos; i++) {
        let r: number;
        do r = -nr.meanDistance * Math.log(1 - rng());
        while (r > nr.maxDistance);
        const a = 2 * Math.PI * rng();
        const x = parent.x + r * Math.cos(a);
        const y = parent.y + r * Math.sin(a);
        const w = inside(parent.wijk, x, y) ? parent.wijk : wijken.find((o) => inside(o, x, y));
        if (w) pos = [x, y, w];
      }
      if (!pos) return undefined;
      let t: number | undefined;
      for (let i = 0; i < 50 && t === undefined; i++) {
        let d: number;
        do d = -nr.meanDays * Math.log(1 - rng());
        while (d > nr.maxDays);
        const day = burglaryTimes.dayOf(parent.t + d * DAY);
        if (!day) return undefined; // beyond the period
        const cand = burglaryTimes.timeOnDay(rng, day);
        if (cand > parent.t && cand - parent.t <= nr.maxDays * DAY && cand < to) t = cand;
      }
      if (t === undefined) return undefined;
      const [x, y, w] = pos;
      const kind: IncidentKind = rng() < params.attemptShare ? 'poging_woninginbraak' : 'woninginbraak';
      const fresh = attrFor(kind, w);
      const targetType = rng() < 0.6 ? parent.targetType : fresh.targetType;
      const modusOperandi = rng() < 0.6 ? parent.modusOperandi : fresh.modusOperandi;
      return { kind, t, x, y, wijk: w, generation: parent.generation + 1, parent: parentIndex, targetType, modusOperandi };
    };
    for (let q = 0; q < drafts.length; q++) {
      const parent = drafts[q]!;
      if (parent.kind !== 'woninginbraak' && parent.kind !== 'poging_woninginbraak') continue;
      const k = randomPoisson(rngNear, branching);
      for (let c = 0; c < k; c++) {
        const child = spawn(rngNear, parent, q);
        if (child) drafts.push(child);
      }
    }
  }

  // --- windows, ids in order of true time
  const order = drafts.map((_, i) => i).sort((a, b) => drafts[a]!.t - drafts[b]!.t || drafts[a]!.x - drafts[b]!.x || a - b);
  const idOf = new Map<number, string>();
  const prefix = options.idPrefix ?? 'DEMO-';
  order.forEach((di, rank) => idOf.set(di, `${prefix}${seed}-${String(rank + 1).padStart(6, '0')}`));
  // Windows are drawn in id order so that they do not depend on generation order details.
  const rngWin = mulberry32(subSeed(seed, 7));
  const incidents: DemoIncident[] = order.map((di) => {
    const d = drafts[di]!;
    const burglary = d.kind === 'woninginbraak' || d.kind === 'poging_woninginbraak';
    const [wf, wt] = roundWindow(burglary ? burglaryWindow(rngWin, d.t, d.kind === 'poging_woninginbraak') : otherWindow(rngWin, d.t));
    const inc: DemoIncident = {
      sourceId: idOf.get(di)!,
      kind: d.kind,
      from: new Date(wf),
      to: new Date(wt),
      x: Math.round(d.x * 100) / 100,
      y: Math.round(d.y * 100) / 100,
      modusOperandi: d.modusOperandi,
      targetType: d.targetType,
      demo: true,
      wijkCode: d.wijk.wijk.code,
      trueTime: new Date(d.t),
      generation: d.generation,
    };
    if (d.parent !== undefined) inc.parentId = idOf.get(d.parent)!;
    if (d.hotspot !== undefined) inc.hotspot = d.hotspot;
    return inc;
  });
  return { incidents, hotspots, parameters: params };
}

// ---------------------------------------------------------------------------------------------
// Input helper
// ---------------------------------------------------------------------------------------------

interface WijkFeatureCollection {
  features: readonly {
    properties: Record<string, unknown> | null;
    geometry: { type: string; coordinates: unknown } | null;
  }[];
}

/**
 * Convert a WGS84 wijken FeatureCollection (as geodata/apeldoorn-wijken.geojson: properties
 * `code`, `name`, `woningen_2022`, `inwoners_2024` or `inwoners_2022`, also accepted: `woningen`,
 * `inwoners`) to generator input in RD New.
 */
export function demoWijkenFromGeoJson(fc: WijkFeatureCollection): DemoWijk[] {
  const num = (p: Record<string, unknown>, ...keys: string[]): number => {
    for (const k of keys) if (typeof p[k] === 'number' && Number.isFinite(p[k])) return p[k] as number;
    return 0;
  };
  const ring = (r: number[][]) => r.map(([lon, lat]) => wgs84ToRd(lon!, lat!) as number[]);
  return fc.features.flatMap((f) => {
    const p = f.properties ?? {};
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return [];
    const geometry: RdPolygonGeometry =
      g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: (g.coordinates as number[][][]).map(ring) }
        : { type: 'MultiPolygon', coordinates: (g.coordinates as number[][][][]).map((poly) => poly.map(ring)) };
    const wijk: DemoWijk = {
      code: String(p.code ?? ''),
      woningen: num(p, 'woningen', 'woningen_2022'),
      inwoners: num(p, 'inwoners', 'inwoners_2024', 'inwoners_2022'),
      geometry,
    };
    if (typeof p.name === 'string') wijk.name = p.name;
    return [wijk];
  });
}
