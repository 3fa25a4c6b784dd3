/**
 * Shared types of the district importer (`import-districts`): what the readers produce, what
 * validation accepts or rejects, and the refusal error whose message is meant for the user.
 */
import type { ImportReport, RejectedRow } from '../report.js';

/** The levels a CBS wijk- en buurtkaart file can hold (stadsdelen are a local grouping). */
export type CbsLevel = 'gemeente' | 'wijk' | 'buurt';
export const CBS_LEVELS: readonly CbsLevel[] = ['gemeente', 'wijk', 'buurt'];

/** The coordinate reference systems accepted: RD New and WGS84 (lon, lat). */
export type SupportedSrid = 28992 | 4326;

/** The CRS a file or layer declares. `srid` is null when it is not one we accept. */
export interface DeclaredCrs {
  srid: SupportedSrid | null;
  /** As written in the file, e.g. `urn:ogc:def:crs:EPSG::28992` or `EPSG:3857`. */
  label: string;
  /** True when the file declares nothing (GeoJSON: RFC 7946 then means WGS84). */
  implicit: boolean;
}

/** A GeoJSON-like geometry as read (coordinates in the declared CRS, x/lon first). */
export interface RawGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: unknown;
}

/** One feature as read from the file, before any validation. */
export interface RawFeature {
  /** 0-based position over the whole file (all layers, in reading order). */
  index: number;
  /** Where to find it in the file, e.g. `features[3]` or `buurten fid 12`. */
  ref: string;
  properties: Record<string, unknown>;
  geometry: RawGeometry | null;
  crs: DeclaredCrs;
  /** GeoPackage: the geometry as standard WKB (hex), decoded by PostGIS (decode.ts) into `geometry`. */
  wkbHex?: string;
  /** A problem found while decoding the geometry (GeoPackage blob), reported by validation. */
  decodeError?: string;
}

export interface ReadResult {
  format: 'geojson' | 'gpkg';
  /** GeoPackage feature tables read (empty for GeoJSON). */
  layers: string[];
  features: RawFeature[];
}

/** A feature that would be refused, with its reason in Dutch. */
export interface FeatureProblem {
  index: number;
  ref: string;
  code: string | null;
  reason: string;
}

/** A feature that passed the checks that need no database. */
export interface CandidateFeature {
  index: number;
  ref: string;
  code: string;
  level: CbsLevel;
  /** Null when the file names no name: an existing district keeps its own. */
  name: string | null;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  srid: SupportedSrid;
  vertices: number;
}

/** The import is refused as a whole; `message` is Dutch and lists the offending features. */
export class DistrictImportError extends Error {
  constructor(
    message: string,
    readonly problems: FeatureProblem[] = [],
    readonly problemCount: number = problems.length,
    /** For a refusal over rejected features: the shared report shape (server/ingest/report.ts). */
    readonly report?: ImportReport,
  ) {
    super(message);
    this.name = 'DistrictImportError';
  }
}

/** How many offending features a refusal message lists. */
export const MAX_LISTED_PROBLEMS = 25;

/** The Dutch refusal message: a heading, then `feature <ref> (<code>): <reason>` lines, capped. */
export function problemsMessage(heading: string, problems: FeatureProblem[], max = MAX_LISTED_PROBLEMS): string {
  const lines = [heading];
  for (const p of problems.slice(0, max)) {
    lines.push(`  ${p.ref}${p.code ? ` (${p.code})` : ''}: ${p.reason}`);
  }
  if (problems.length > max) lines.push(`  … en nog ${problems.length - max} features met een probleem`);
  return lines.join('\n');
}

/** A district importer problem as a shared report row (`index` is 0-based there). */
export function fromDistrictProblem(p: FeatureProblem): RejectedRow {
  return { row: p.index + 1, ref: p.ref, ...(p.code !== null ? { id: p.code } : {}), reason: p.reason };
}
