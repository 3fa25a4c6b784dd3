/**
 * The register declaration: everything that differs between registers (WhatsApp groups, holiday
 * parks, fire compartments, later planned actions) in one typed object. The generic engine reads
 * it: service.ts (SQL with contacts filtered by permission, optimistic versions, audit),
 * routes.ts (list/get/create/update/delete/history, CSV and GeoJSON export, OpenAPI), the route
 * table's rules (registry.ts) and the demo seeding. Adding a register = one declaration file, one
 * line in registry.ts and its table in a migration.
 */
import type { z } from 'zod';
import type { Permission } from '../auth/roles.js';
import type { Rng } from '../domain/random.js';

/** GeoJSON geometry types a register may store as its main geometry. */
export type GeometryKind = 'Point' | 'Polygon' | 'MultiPolygon';

/** A column of the list view and the CSV export: a property key and its Dutch header. */
export interface RegisterColumn {
  key: string;
  label: string;
}

/** A line geometry of a record (stored in register_line as MultiLineString, RD New). */
export interface LineField {
  key: string;
  label: string;
}

/** A wijk for the demo generators: CBS code, name, dwellings and its shape in RD New metres. */
export interface DemoArea {
  code: string;
  name: string;
  woningen: number;
  /** Polygon or MultiPolygon coordinates in RD New (EPSG:28992). */
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** One generated demo record: geometry in RD New metres and the declaration's properties. */
export interface DemoRecord {
  geometry: { type: string; coordinates: unknown };
  /** Valid against the declaration's `properties` schema; line fields as RD New GeoJSON. */
  properties: Record<string, unknown>;
}

export interface DemoContext {
  wijken: readonly DemoArea[];
  rng: Rng;
  /** Reference date: demo dates (founded, visits) lie before it. */
  now: Date;
}

export interface RegisterDeclaration {
  /** Stable id, also the settings key suffix: 'groups'. */
  name: string;
  /** Path under /api: 'groups' -> /api/groups. */
  path: string;
  /** The register's table (migration); every register table has the same column set. */
  table: string;
  /** Dutch labels for titles, messages and file names. */
  label: { singular: string; plural: string; /** "een WhatsApp-groep" */ withArticle: string; fileName: string };
  /** Main geometry types accepted (WGS84 GeoJSON); a Polygon is stored as MultiPolygon. */
  geometryKinds: readonly GeometryKind[];
  /** A Dutch phrase for the accepted geometry ("een vlak (Polygon of MultiPolygon)"). */
  geometryText: string;
  /**
   * The properties as one strict zod object: `name`, the register's own fields, the personal
   * fields (see `personal`) and the line fields. Create validates with it; update (PATCH) with
   * its `.partial()`; PUT with it whole. Every field is `.describe()`d (OpenAPI).
   */
  properties: z.ZodObject;
  /** Keys of `properties` holding personal data: stored in the `contact` column, returned only with `permissions.contacts`. */
  personal: readonly string[];
  /** Keys of `properties` that are line geometries (LineString/MultiLineString, WGS84). */
  lines: readonly LineField[];
  permissions: {
    /** List and get (geometry and non-personal properties). */
    read: Permission;
    /** Create, update, delete (and later import). */
    edit: Permission;
    /** Personal data and the change history (which contains it). */
    contacts: Permission;
  };
  /** Columns of the list view and the CSV export, in order (personal ones are dropped without permission). */
  columns: readonly RegisterColumn[];
  /** Settings with their defaults (stored in app_setting under `register:<name>`). */
  settings?: Record<string, number | string | boolean>;
  /** Read-only properties computed from the stored ones and the settings (e.g. a park's size class). */
  derive?: (properties: Record<string, unknown>, settings: Record<string, number | string | boolean>) => Record<string, unknown>;
  /** Seeded demo generator; its records are stored with demo = true. None for a register of real records (actions). */
  demo?: { seed: number; generate: (ctx: DemoContext) => DemoRecord[]; describe: string };
  /**
   * Real records stored at start-up (demo = false) into a register that is empty and was never
   * used, e.g. the plan's actions from geodata/plan-actions.json. Geometries in RD New metres.
   */
  seed?: { describe: string; records: (ctx: SeedContext) => Promise<DemoRecord[]> };
  /** List filters beyond bbox and district: their query parameters (strings) and a predicate over a record's properties. */
  filters?: { query: z.ZodObject; match: (properties: Record<string, unknown>, query: Record<string, unknown>) => boolean };
  /**
   * Row-level reading rule for callers without `permissions.edit`: whether the viewer (their
   * organisation) may see the record. Without it every record is visible to `permissions.read`.
   */
  visible?: (properties: Record<string, unknown>, viewer: Viewer) => boolean;
}

/** Who reads, for a declaration's `visible` rule. */
export interface Viewer {
  /** The caller may edit the register (sees every record). */
  editor: boolean;
  /** The caller's organisation (accounts of partner organisations), or null. */
  organisation: { name: string; kind: string } | null;
}

export interface SeedContext {
  /** The stored shape of a district (CBS code: GM0200, WK020001, ...) in RD New, or null. */
  districtGeometry: (code: string) => Promise<DemoRecord['geometry'] | null>;
}
