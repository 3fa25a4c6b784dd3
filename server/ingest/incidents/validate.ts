/**
 * Row validation of incident files, shared by the CSV and GeoJSON readers: length limits, id
 * (given, or a content hash when the file has none), kind, times, coordinates, duplicates in the
 * file and against stored ids. Every problem is a Dutch reason tied to the field it is about.
 */
import { createHash } from 'node:crypto';
import { wgs84ToRd } from '../../domain/crs.js';
import { describeAcceptedKinds, parseDwellingType, parseIncidentKind } from '../../domain/incidents/kinds.js';
import type { ValidIncident } from '../../domain/incidents/incident.js';
import { amsterdamEndOfDay, amsterdamToUtc } from '../../domain/incidents/time.js';
import { FIELD_LABELS, FIELD_MAX_LENGTH } from './columns.js';
import { classify, decideCrs, type AxisKind, type CoordClass, type CrsDecision } from './crs-check.js';
import { groupByRow, RejectionLog, type RowProblem } from '../report.js';
import type { DetectedIncidentFile, IncidentField, ParseIncidentsOptions, ParseIncidentsResult, RejectedIncidentRow } from './types.js';
import { fmtDate, normalizePostcode, parseDecimal, parseIncidentDate, parseTimeOfDay, truncate, type ParsedIncidentDate } from './values.js';

/** Coordinate problems are about the pair (or the GeoJSON geometry), not one column. */
const COORDINATES = 'coordinates';
type Say = (field: IncidentField | typeof COORDINATES, reason: string) => void;

export interface RawRecord {
  line: number;
  get: (field: IncidentField) => string | undefined;
  /** GeoJSON: the Point coordinates as stored. CSV records leave this out; the validator reads x/y or lon/lat. */
  coords?: [number, number];
  /** A problem with the geometry itself (GeoJSON). */
  geometryProblem?: string;
}

interface CoordPair {
  /** rd: x, wgs: lon; null = missing, NaN = unparseable */
  a: number | null;
  b: number | null;
  rawA?: string;
  rawB?: string;
}

export class RowValidator {
  readonly rows: ValidIncident[] = [];
  /** Rejected rows in the shared report shape (row, id, field, reason), at most `maxRejected` rows listed. */
  readonly log: RejectionLog;
  total = 0;
  /** Use "feature" instead of "regel" in messages. */
  geojson = false;
  private readonly seen = new Map<string, number>();
  private decision: CrsDecision = { swap: false };
  private readonly futureLimit: number;
  private readonly notes: string[] = [];

  constructor(
    public axis: AxisKind,
    private readonly columns: Partial<Record<IncidentField, string>>,
    private readonly options: ParseIncidentsOptions,
    private readonly generateIds: boolean,
  ) {
    this.futureLimit = (options.now ?? new Date()).getTime() + 86_400_000;
    this.log = new RejectionLog(options.maxRejected ?? 10_000);
  }

  /** The rejected rows as the incident report lists them: per row its reasons. */
  get rejected(): RejectedIncidentRow[] {
    return groupByRow(this.log.listed).map((g) => (g.id !== undefined ? { line: g.row, id: g.id, reasons: g.reasons } : { line: g.row, reasons: g.reasons }));
  }

  get rejectedCount(): number {
    return this.log.count;
  }

  /** The parse result; `detected` is completed with the CRS, the axis swap and the warnings found here. */
  result(detected: Omit<DetectedIncidentFile, 'crs' | 'axesSwapped' | 'warnings'>): ParseIncidentsResult {
    const warnings = this.warnings();
    return {
      rows: this.rows,
      rejected: this.rejected,
      rejectedCount: this.rejectedCount,
      total: this.total,
      report: this.log.report(this.total, warnings),
      detected: { ...detected, crs: this.axis === 'rd' ? 'EPSG:28992' : 'EPSG:4326', axesSwapped: this.swapped, warnings },
    };
  }

  /** How a problem's field is named in the report: the file's own column, else the Dutch label. */
  private fieldName(field: IncidentField | typeof COORDINATES): string {
    if (field === COORDINATES) return this.geojson ? 'geometrie' : (this.axis === 'rd' ? ['x', 'y'] : ['lon', 'lat']).map((f) => this.columns[f as IncidentField] ?? f).join('/');
    return this.columns[field] ?? FIELD_LABELS[field];
  }

  get swapped(): boolean {
    return this.decision.swap;
  }

  note(warning: string): void {
    this.notes.push(warning);
  }

  warnings(): string[] {
    const w = [...this.notes];
    if (this.generateIds) w.push('Het bestand heeft geen id-kolom; elke rij kreeg een id op basis van soort, tijden en coördinaten.');
    return w;
  }

  pair(r: RawRecord): CoordPair {
    if (r.coords) return { a: r.coords[0], b: r.coords[1] };
    const [fa, fb]: [IncidentField, IncidentField] = this.axis === 'rd' ? ['x', 'y'] : ['lon', 'lat'];
    const rawA = r.get(fa);
    const rawB = r.get(fb);
    return { a: parseDecimal(rawA), b: parseDecimal(rawB), rawA, rawB };
  }

  classOf(r: RawRecord): CoordClass | undefined {
    if (r.geometryProblem) return undefined;
    const { a, b } = this.pair(r);
    if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) return undefined;
    return classify(this.axis, a, b);
  }

  decide(sample: RawRecord[], geojson: boolean): CrsDecision {
    const classes: CoordClass[] = [];
    for (const r of sample) {
      const c = this.classOf(r);
      if (c) classes.push(c);
    }
    this.decision = decideCrs(this.axis, classes, geojson);
    return this.decision;
  }

  add(r: RawRecord): void {
    this.total++;
    const problems: RowProblem[] = [];
    const say: Say = (field, reason) => problems.push({ field: this.fieldName(field), reason });
    // Over-long text rejects the row (a 5,000-character id would not fit the database index);
    // the value is shortened for the report.
    const tooLong = new Set<IncidentField>();
    for (const [field, max] of Object.entries(FIELD_MAX_LENGTH) as [IncidentField, number][]) {
      const v = r.get(field);
      if (v !== undefined && v.length > max) {
        tooLong.add(field);
        say(field, `${FIELD_LABELS[field]} is te lang (${v.length.toLocaleString('nl-NL')} tekens, hoogstens ${max})`);
      }
    }
    const get = tooLong.size === 0 ? r.get : (f: IncidentField) => (tooLong.has(f) ? truncate(r.get(f)!, 40) : r.get(f));

    // id
    let id = this.generateIds ? undefined : get('id');
    if (!this.generateIds && !id) say('id', 'id ontbreekt');

    // kind
    const rawKind = get('kind');
    const kind = parseIncidentKind(rawKind);
    if (!rawKind) say('kind', 'soort ontbreekt');
    else if (!kind) say('kind', `onbekende soort "${rawKind}"; toegestaan: ${describeAcceptedKinds()}`);

    // times
    const { from, to } = this.times(get, say);

    // coordinates
    const xy = this.coordinates(r, say);

    if (this.generateIds && kind && from && to && xy) {
      id = 'h' + createHash('sha1').update(`${kind}|${from.toISOString()}|${to.toISOString()}|${xy[0].toFixed(1)}|${xy[1].toFixed(1)}|${get('address') ?? ''}`).digest('hex').slice(0, 16);
    }
    if (id && !tooLong.has('id')) {
      const firstLine = this.seen.get(id);
      if (firstLine !== undefined) say('id', `dubbel id "${id}" (eerder op ${this.lineWord()} ${firstLine})`);
      else {
        this.seen.set(id, r.line);
        if (this.options.knownIds?.has(id)) say('id', `id "${id}" is al eerder ingelezen`);
      }
    }

    if (problems.length > 0 || !kind || !from || !to || !xy || !id) {
      this.log.add(r.line, problems, id ? { id } : {});
      return;
    }
    const incident: ValidIncident = { sourceId: id, kind, from, to, x: xy[0], y: xy[1] };
    const address = (get('address') ?? [get('street'), get('houseNumber')].filter(Boolean).join(' ')).slice(0, FIELD_MAX_LENGTH.address);
    if (address) incident.address = address;
    const postcode = normalizePostcode(get('postcode'));
    if (postcode) incident.postcode = postcode;
    const mo = get('modusOperandi');
    if (mo) incident.modusOperandi = mo;
    const target = get('targetType');
    if (target) incident.targetType = parseDwellingType(target) ?? target;
    this.rows.push(incident);
  }

  private lineWord(): string {
    return this.geojson ? 'feature' : 'regel';
  }

  private times(get: RawRecord['get'], say: Say): { from?: Date; to?: Date } {
    const fromCol = this.columns.from ?? 'van';
    const toCol = this.columns.to ?? 'tot';
    const rawFrom = get('from');
    let from: Date | undefined;
    let to: Date | undefined;
    let fromDateOnly = false;
    let fromParsed: ParsedIncidentDate | null = null;
    if (!rawFrom) say('from', `begindatum (${fromCol}) ontbreekt`);
    else {
      fromParsed = parseIncidentDate(rawFrom);
      if (!fromParsed) say('from', `ongeldige begindatum "${rawFrom}" (verwacht bv. 2024-01-31T21:30, 31-01-2024 21:30 of 31/01/2024)`);
      else {
        from = fromParsed.date;
        fromDateOnly = fromParsed.dateOnly;
        const rawTime = get('fromTime');
        if (fromParsed.dateOnly && rawTime) {
          const t = parseTimeOfDay(rawTime);
          if (!t) say('fromTime', `ongeldige begintijd "${rawTime}" (verwacht bv. 21:30)`);
          else {
            from = amsterdamToUtc(fromParsed.year, fromParsed.month, fromParsed.day, ...t);
            fromDateOnly = false;
          }
        }
      }
    }
    const rawTo = get('to');
    if (rawTo) {
      const toParsed = parseIncidentDate(rawTo);
      if (!toParsed) say('to', `ongeldige einddatum "${rawTo}" (verwacht bv. 2024-01-31T23:00, 31-01-2024 23:00 of 31/01/2024)`);
      else {
        to = toParsed.dateOnly ? amsterdamEndOfDay(toParsed.year, toParsed.month, toParsed.day) : toParsed.date;
        const rawTime = get('toTime');
        if (toParsed.dateOnly && rawTime) {
          const t = parseTimeOfDay(rawTime);
          if (!t) say('toTime', `ongeldige eindtijd "${rawTime}" (verwacht bv. 23:00)`);
          else to = amsterdamToUtc(toParsed.year, toParsed.month, toParsed.day, ...t);
        }
      }
    } else if (from && fromParsed) {
      const rawTime = get('toTime');
      const t = rawTime ? parseTimeOfDay(rawTime) : null;
      if (rawTime && !t) say('toTime', `ongeldige eindtijd "${rawTime}" (verwacht bv. 23:00)`);
      else if (t) {
        // Same date as `from`; an end time before the start time means the next morning.
        to = amsterdamToUtc(fromParsed.year, fromParsed.month, fromParsed.day, ...t);
        if (to < from) to = amsterdamToUtc(fromParsed.year, fromParsed.month, fromParsed.day + 1, ...t);
      } else to = fromDateOnly ? amsterdamEndOfDay(fromParsed.year, fromParsed.month, fromParsed.day) : from;
    }
    if (from && to && to.getTime() < from.getTime()) {
      say('to', `einddatum ${fmtDate(to)} (${toCol}) ligt vóór begindatum ${fmtDate(from)} (${fromCol})`);
    }
    if (from && from.getTime() > this.futureLimit) say('from', `begindatum ${fmtDate(from)} ligt in de toekomst`);
    return { from, to };
  }

  private coordinates(r: RawRecord, say: Say): [number, number] | undefined {
    if (r.geometryProblem) {
      say(COORDINATES, r.geometryProblem);
      return undefined;
    }
    const names = this.axis === 'rd' ? ['x', 'y'] : ['lon', 'lat'];
    const p = this.pair(r);
    if (p.a === null || p.b === null) {
      say(COORDINATES, `coördinaten ontbreken (${names.filter((_, i) => (i === 0 ? p.a : p.b) === null).join(' en ')} leeg)`);
      return undefined;
    }
    if (!Number.isFinite(p.a) || !Number.isFinite(p.b)) {
      const bad = [
        Number.isFinite(p.a) ? '' : `${names[0]}="${p.rawA ?? String(p.a)}"`,
        Number.isFinite(p.b) ? '' : `${names[1]}="${p.rawB ?? String(p.b)}"`,
      ].filter(Boolean);
      say(COORDINATES, `ongeldige coördinaten (${bad.join(', ')})`);
      return undefined;
    }
    const cls = classify(this.axis, p.a, p.b);
    const expected: CoordClass = this.decision.swap ? 'swapped' : 'ok';
    const shown = `${names[0]}=${p.a}, ${names[1]}=${p.b}`;
    if (cls !== expected) {
      if (cls === 'ok' || cls === 'swapped') say(COORDINATES, `coördinaten lijken verwisseld ten opzichte van de rest van het bestand (${shown})`);
      else if (cls === 'wrongUnit') say(COORDINATES, this.axis === 'rd' ? `coördinaten lijken graden (WGS84), geen RD-meters (${shown})` : `coördinaten lijken RD-meters, geen graden (${shown})`);
      else say(COORDINATES, `coördinaten buiten Nederland (${shown})`);
      return undefined;
    }
    const [a, b] = this.decision.swap ? [p.b, p.a] : [p.a, p.b];
    let x: number, y: number;
    if (this.axis === 'rd') [x, y] = [a, b];
    else [x, y] = wgs84ToRd(a, b);
    x = Math.round(x * 100) / 100;
    y = Math.round(y * 100) / 100;
    if (this.options.isInside && !this.options.isInside(x, y)) {
      say(COORDINATES, `ligt buiten de gemeente (RD x=${Math.round(x)}, y=${Math.round(y)})`);
      return undefined;
    }
    return [x, y];
  }
}
