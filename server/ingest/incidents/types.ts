/**
 * Public types of the incident importer: options, the parse result with its per-row rejections,
 * what was detected about the file, and the whole-file refusal ({@link IncidentFileError}).
 */
import type { ValidIncident } from '../../domain/incidents/incident.js';
import type { ImportReport, RejectedRow } from '../report.js';
import type { TextEncodingName, TextInput } from '../text.js';

export type { ValidIncident } from '../../domain/incidents/incident.js';
export type { TextEncodingName } from '../text.js';

export type IncidentFileFormat = 'csv' | 'geojson';
export type IncidentCrs = 'EPSG:28992' | 'EPSG:4326';

/** Logical columns the parser understands. */
export type IncidentField =
  | 'id'
  | 'kind'
  | 'from'
  | 'fromTime'
  | 'to'
  | 'toTime'
  | 'x'
  | 'y'
  | 'lat'
  | 'lon'
  | 'address'
  | 'street'
  | 'houseNumber'
  | 'postcode'
  | 'modusOperandi'
  | 'targetType';

export interface ParseIncidentsOptions {
  /** Forces the format; by default '{' or '[' as first character means GeoJSON, anything else CSV. */
  format?: IncidentFileFormat;
  /** Returns false for RD New points outside the gemeente; such rows are rejected. */
  isInside?: (x: number, y: number) => boolean;
  /** Source ids already stored; rows with one of these ids are rejected as duplicates. */
  knownIds?: ReadonlySet<string>;
  /** Called every `progressEvery` rows and once at the end. */
  onProgress?: (rowsDone: number, bytesDone: number) => void;
  /** Rows between progress reports (default {@link PROGRESS_EVERY}). */
  progressEvery?: number;
  /** Rows whose `from` lies more than a day after this instant are rejected (default: now). */
  now?: Date;
  /** At most this many rejected rows are listed in detail (default 10,000); `rejectedCount` counts all. */
  maxRejected?: number;
}

export interface RejectedIncidentRow {
  /** 1-based line in the CSV file where the record starts (header = line 1), or 1-based feature number in GeoJSON. */
  line: number;
  id?: string;
  /** Dutch, one sentence each. */
  reasons: string[];
}

export interface DetectedIncidentFile {
  format: IncidentFileFormat;
  /** CSV only. */
  delimiter?: string;
  encoding: TextEncodingName;
  crs: IncidentCrs;
  /** True when the axes were swapped in the file and have been swapped back. */
  axesSwapped: boolean;
  /** Which header (CSV) or property name (GeoJSON) feeds which field. */
  columns: Partial<Record<IncidentField, string>>;
  /** Headers/properties that were not recognised and are ignored. */
  ignoredColumns: string[];
  /** True when the file has no id column and content ids were generated. */
  idsGenerated: boolean;
  /** Dutch notes about corrections that were applied to the whole file. */
  warnings: string[];
}

export interface ParseIncidentsResult {
  rows: ValidIncident[];
  rejected: RejectedIncidentRow[];
  /** Number of rejected rows, including any beyond `maxRejected`. */
  rejectedCount: number;
  detected: DetectedIncidentFile;
  /** Data rows (CSV records after the header, non-blank) or features read. */
  total: number;
  /** The same in the shared report shape (server/ingest/report.ts): a line per reason, with its field. */
  report: ImportReport;
}

export type IncidentFileErrorCode =
  | 'EMPTY'
  | 'NO_HEADER'
  | 'MISSING_COLUMN'
  | 'NO_COORDINATES'
  | 'CRS_MISMATCH'
  | 'CRS_INCOHERENT'
  | 'CRS_UNKNOWN'
  | 'INVALID_GEOJSON'
  | 'READ_ERROR';

/** The file as a whole cannot be imported; `message` is Dutch and meant for the user. */
export class IncidentFileError extends Error {
  override readonly name = 'IncidentFileError';
  constructor(
    readonly code: IncidentFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What the parser reads from (see server/ingest/text.ts). */
export type IncidentInput = TextInput;

/** Records buffered before the coordinate system is decided. */
export const SAMPLE_ROWS = 1000;
export const PROGRESS_EVERY = 5000;

/** An incident importer rejection as shared report rows (one per reason). */
export function fromIncidentRejection(r: RejectedIncidentRow): RejectedRow[] {
  return r.reasons.map((reason) => ({ row: r.line, ...(r.id !== undefined ? { id: r.id } : {}), reason }));
}
