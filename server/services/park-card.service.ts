/**
 * The park information card (informatiekaart, issue 10): one park with its plan, last visit,
 * exercise and integral control, capacity and size class, the fire compartments it lies in or
 * near (DEFAULT_PARK_BUFFER_M, as the fire-service table) with their routes on a small map, and
 * the operator contact only for callers with the parks register's contacts permission (left out
 * in SQL by getRecord). The caller comes first; the PDF of the card is rendered from the same
 * page with the caller's own credentials (server/pdf), so it never shows more than the caller may see.
 */
import { assertCan, can, passwordChangeRequired, type Caller } from '../auth/caller.js';
import { LoginRequiredError } from '../errors.js';
import type { Credentials, PdfRenderer } from '../pdf/render.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { cardMap, type CardMap, type RdGeometry } from '../domain/registers/card-map.js';
import { findingSubjects, latestByDate, slug, type FindingSubject } from '../domain/registers/park-card.js';
import { RISK_CLASSES } from '../registers/fire-compartments.js';
import { parks } from '../registers/parks.js';
import { getRecord } from '../registers/service.js';
import { DEFAULT_PARK_BUFFER_M } from './coverage.service.js';

interface Dated {
  date: string;
  notes?: string | null;
}

export interface CardCompartment {
  id: string;
  name: string;
  riskClass: string | null;
  inside: boolean;
  distanceMetres: number;
  demo: boolean;
}

export interface ParkCard {
  id: number;
  name: string;
  kind: string | null;
  demo: boolean;
  sizeClass: string | null;
  capacity: { units: number | null; beds: number | null };
  plan: { status: string; date: string | null };
  lastVisit: Dated | null;
  lastExercise: Dated | null;
  lastControl: { date: string; partners: string[]; findings: string[]; subjects: Record<FindingSubject, boolean> } | null;
  /** null: none stored, or the caller may not read it (see contactsAllowed). */
  contact: { name: string; phone?: string | null; email?: string | null } | null;
  contactsAllowed: boolean;
  bufferMetres: number;
  compartments: CardCompartment[];
  map: CardMap;
  generatedAt: Date;
  /** informatiekaart-<slug>[-demo].pdf */
  fileName: string;
}

interface ContextRow {
  park_geometry: string;
  compartment_id: string | null;
  compartment_name: string | null;
  risk_class: string | null;
  compartment_demo: boolean | null;
  inside: boolean | null;
  distance: number | string | null;
  compartment_geometry: string | null;
  lines: unknown;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The card of park `id` as the caller may see it (404 for an unknown id, as GET /api/parks/:id). */
export async function parkCard(caller: Caller, db: Db, id: number, now: Date = new Date()): Promise<ParkCard> {
  assertCan(caller, parks.permissions.read);
  const rec = await getRecord(caller, db, parks, id); // contacts left out in SQL without the permission
  const p = rec.properties;
  const ctx = await db.query<ContextRow>(sql('park-card-context'), [id, DEFAULT_PARK_BUFFER_M]);
  const comps = ctx.filter((r) => r.compartment_id !== null);
  // Highest risk class first, then inside before near, then nearest.
  const rank = (r: ContextRow) => -RISK_CLASSES.indexOf((r.risk_class ?? '') as (typeof RISK_CLASSES)[number]);
  comps.sort((a, b) => rank(a) - rank(b) || Number(b.inside) - Number(a.inside) || Number(a.distance) - Number(b.distance));
  const lines = comps.flatMap((r) => {
    const l = obj(typeof r.lines === 'string' ? JSON.parse(r.lines) : r.lines);
    return [
      ...(l.accessRoutes ? [{ kind: 'access' as const, geometry: l.accessRoutes as RdGeometry }] : []),
      ...(l.evacuationRoutes ? [{ kind: 'evacuation' as const, geometry: l.evacuationRoutes as RdGeometry }] : []),
    ];
  });
  const map = cardMap({
    park: JSON.parse(ctx[0]!.park_geometry) as RdGeometry,
    compartments: comps.map((r) => ({ id: r.compartment_id!, riskClass: r.risk_class, geometry: JSON.parse(r.compartment_geometry!) as RdGeometry })),
    lines,
    width: 640,
    height: 360,
  });
  const plan = obj(p.evacuationPlan);
  const cap = obj(p.capacity);
  const control = latestByDate((p.controlActions as { date: string; partners: string[]; findings: string[] }[] | undefined) ?? []);
  const contactsAllowed = can(caller, parks.permissions.contacts);
  const demo = p.demo === true;
  const name = String(p.name);
  return {
    id,
    name,
    kind: typeof p.kind === 'string' ? p.kind : null,
    demo,
    sizeClass: typeof p.sizeClass === 'string' ? p.sizeClass : null,
    capacity: { units: num(cap.units), beds: num(cap.beds) },
    plan: { status: typeof plan.status === 'string' ? plan.status : 'geen', date: typeof plan.date === 'string' ? plan.date : null },
    lastVisit: latestByDate(p.fireServiceVisits as Dated[] | undefined),
    lastExercise: latestByDate(p.evacuationExercises as Dated[] | undefined),
    lastControl: control ? { ...control, subjects: findingSubjects(control.findings) } : null,
    contact: contactsAllowed && p.contact ? (p.contact as ParkCard['contact']) : null,
    contactsAllowed,
    bufferMetres: DEFAULT_PARK_BUFFER_M,
    compartments: comps.map((r) => ({ id: r.compartment_id!, name: r.compartment_name ?? r.compartment_id!, riskClass: r.risk_class, inside: r.inside === true, distanceMetres: Math.round(Number(r.distance)), demo: r.compartment_demo === true })),
    map,
    generatedAt: now,
    fileName: `informatiekaart-${slug(name)}${demo ? '-demo' : ''}.pdf`,
  };
}

/**
 * The card as a PDF, rendered from its page with the caller's own credentials. Only for a
 * logged-in caller (each render starts a Chromium: not for anonymous requests; the public can
 * print the page itself), checked here as well as in the route table; the park is read first, so
 * an unknown id is a 404 before any browser starts.
 */
export async function parkCardPdf(caller: Caller, db: Db, pdf: PdfRenderer, id: number, credentials: Credentials): Promise<{ body: Buffer; fileName: string }> {
  if (caller.kind === 'public') throw new LoginRequiredError();
  if (caller.mustChangePassword) throw passwordChangeRequired();
  const card = await parkCard(caller, db, id);
  const body = await pdf.render(`/api/parks/${id}/card?pdf=1`, credentials);
  return { body, fileName: card.fileName };
}
