/**
 * The web-side field description of each register (the forms "Nieuw" and "Bewerken", the detail
 * view and the map popups), matching the server's zod schemas in server/registers/*.ts. A dotted
 * key ("capacity.units") is a field of a nested object. Personal fields (contact) are not edited
 * here; the geometry is drawn with the map's geometry editor.
 */
import type { RegisterName } from '../../state/registers.svelte.js';

export type FieldKind = 'text' | 'number' | 'date' | 'select' | 'textarea' | 'checkbox';

export interface FieldDef {
  key: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  options?: readonly string[];
  /** Shown in the list next to the name. */
  listed?: boolean;
}

export interface RegisterForm {
  fields: FieldDef[];
  /** Geometry kinds the editor may draw ('polygon' first = default). */
  geometry: ('polygon' | 'point')[];
}

export const REGISTER_FORMS: Record<RegisterName, RegisterForm> = {
  groups: {
    geometry: ['polygon'],
    fields: [
      { key: 'name', label: 'Naam', kind: 'text', required: true },
      { key: 'status', label: 'Status', kind: 'select', options: ['actief', 'slapend'], required: true, listed: true },
      { key: 'memberCount', label: 'Aantal leden', kind: 'number', listed: true },
      { key: 'founded', label: 'Opgericht op', kind: 'date' },
      { key: 'signsPlaced', label: 'Aantal geplaatste borden', kind: 'number' },
      { key: 'areaSource', label: 'Gebied bepaald door', kind: 'select', options: ['getekend', 'wijk', 'buurt', 'postcode'] },
      { key: 'areaCode', label: 'Gebiedscode (CBS-code of postcode)', kind: 'text' },
    ],
  },
  parks: {
    geometry: ['point', 'polygon'],
    fields: [
      { key: 'name', label: 'Naam', kind: 'text', required: true },
      { key: 'kind', label: 'Soort', kind: 'select', options: ['bungalowpark', 'camping', 'minicamping', 'chaletpark', 'groepsaccommodatie', 'overig'], required: true, listed: true },
      { key: 'capacity.units', label: 'Aantal eenheden', kind: 'number' },
      { key: 'capacity.beds', label: 'Aantal slaapplaatsen', kind: 'number' },
      { key: 'evacuationPlan.status', label: 'Ontruimingsplan', kind: 'select', options: ['geen', 'concept', 'vastgesteld'], listed: true },
      { key: 'evacuationPlan.date', label: 'Ontruimingsplan vastgesteld op', kind: 'date' },
    ],
  },
  'fire-compartments': {
    geometry: ['polygon'],
    fields: [
      { key: 'name', label: 'Naam', kind: 'text', required: true },
      { key: 'riskClass', label: 'Risicoklasse', kind: 'select', options: ['laag', 'middel', 'hoog', 'zeer hoog'], required: true, listed: true },
    ],
  },
};

/** Read-only fields shown in details and popups besides the form fields. */
export const EXTRA_DETAILS: Record<RegisterName, { key: string; label: string }[]> = {
  groups: [],
  parks: [{ key: 'sizeClass', label: 'Grootteklasse' }],
  'fire-compartments': [],
};

/** The value at a dotted key. */
export function getPath(obj: Record<string, unknown>, key: string): unknown {
  let v: unknown = obj;
  for (const k of key.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** Sets a dotted key, creating nested objects. */
export function setPath(obj: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let o = obj;
  for (const k of parts.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[parts.at(-1)!] = value;
}

/** Form text values of a record's properties. */
export function toForm(fields: FieldDef[], props: Record<string, unknown> | null): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const f of fields) {
    const v = props ? getPath(props, f.key) : undefined;
    out[f.key] = f.kind === 'checkbox' ? Boolean(v) : v === null || v === undefined ? '' : String(v);
  }
  return out;
}

/** The properties of a form: empty optional fields are null, numbers are numbers; nested objects whole. */
export function fromForm(fields: FieldDef[], values: Record<string, string | number | boolean | null>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = values[f.key];
    let v: unknown;
    // A bound number input holds a number (or null when empty), the others a string.
    if (f.kind === 'checkbox') v = Boolean(raw);
    else if (typeof raw === 'number') v = Number.isFinite(raw) ? raw : null;
    else if (typeof raw !== 'string' || raw.trim() === '') v = null;
    else if (f.kind === 'number') v = Number(raw);
    else v = raw.trim();
    setPath(out, f.key, v);
  }
  // A nested object whose fields are all empty is left out (null), e.g. no evacuation plan.
  for (const [k, v] of Object.entries(out))
    if (v && typeof v === 'object' && Object.values(v).every((x) => x === null)) out[k] = null;
  return out;
}

/** A value as display text. */
export function display(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'ja' : 'nee';
  if (Array.isArray(v)) return String(v.length);
  if (typeof v === 'object') return Object.values(v).filter((x) => x !== null && x !== undefined).map(String).join(', ') || '—';
  return String(v);
}

/** A field of one row of a list (a visit, a control action, a measure). */
export interface ItemFieldDef {
  key: string;
  label: string;
  /** 'lines': a list of short texts, one per line (partners, findings). */
  kind: 'text' | 'date' | 'select' | 'textarea' | 'lines';
  required?: boolean;
  options?: readonly string[];
}

/** A list field of a register (property holding an array of objects). */
export interface ListDef {
  key: string;
  label: string;
  /** Dutch noun of one row, for the add/remove buttons ("bezoek"). */
  item: string;
  fields: ItemFieldDef[];
}

const DATED_NOTE: ItemFieldDef[] = [
  { key: 'date', label: 'Datum', kind: 'date', required: true },
  { key: 'notes', label: 'Toelichting', kind: 'textarea' },
];

/** The list fields of each register (server/registers/*.ts: arrays of objects). */
export const REGISTER_LISTS: Record<RegisterName, ListDef[]> = {
  groups: [],
  parks: [
    { key: 'fireServiceVisits', label: 'Bezoeken van de brandweer', item: 'bezoek', fields: DATED_NOTE },
    { key: 'evacuationExercises', label: 'Ontruimingsoefeningen', item: 'oefening', fields: DATED_NOTE },
    {
      key: 'controlActions',
      label: 'Integrale controleacties',
      item: 'controleactie',
      fields: [
        { key: 'date', label: 'Datum', kind: 'date', required: true },
        { key: 'partners', label: 'Partners (één per regel)', kind: 'lines' },
        { key: 'findings', label: 'Bevindingen (één per regel)', kind: 'lines' },
      ],
    },
  ],
  'fire-compartments': [
    {
      key: 'measures',
      label: 'Maatregelen',
      item: 'maatregel',
      fields: [
        { key: 'description', label: 'Maatregel', kind: 'textarea', required: true },
        { key: 'owner', label: 'Eigenaar of beheerder', kind: 'text' },
        { key: 'status', label: 'Status', kind: 'select', options: ['afgesproken', 'uitgevoerd', 'vervallen'] },
        { key: 'date', label: 'Datum', kind: 'date' },
      ],
    },
    {
      key: 'agreements',
      label: 'Afspraken met eigenaren',
      item: 'afspraak',
      fields: [
        { key: 'party', label: 'Met wie', kind: 'text', required: true },
        { key: 'description', label: 'Afspraak', kind: 'textarea', required: true },
        { key: 'date', label: 'Datum', kind: 'date' },
      ],
    },
  ],
};

/** Line-geometry fields (drawn on the map as lines; stored as MultiLineString). */
export const REGISTER_LINES: Record<RegisterName, { key: string; label: string }[]> = {
  groups: [],
  parks: [],
  'fire-compartments': [
    { key: 'accessRoutes', label: 'Toegangsroutes' },
    { key: 'evacuationRoutes', label: 'Ontruimingsroutes' },
  ],
};

/** The personal contact fields (all registers: `contact`), shown only with registers:contacts. */
export const CONTACT_FIELDS: FieldDef[] = [
  { key: 'contact.name', label: 'Contactpersoon', kind: 'text' },
  { key: 'contact.phone', label: 'Telefoon', kind: 'text' },
  { key: 'contact.email', label: 'E-mail', kind: 'text' },
];

export type ListRow = Record<string, string>;

/** Form rows of a list property. */
export function toRows(def: ListDef, v: unknown): ListRow[] {
  if (!Array.isArray(v)) return [];
  return v.map((item: Record<string, unknown>) =>
    Object.fromEntries(def.fields.map((f) => {
      const x = item?.[f.key];
      return [f.key, Array.isArray(x) ? x.join('\n') : x === null || x === undefined ? '' : String(x)];
    })),
  );
}

/** A list property from its form rows: empty optional fields null, 'lines' as a list of texts. */
export function fromRows(def: ListDef, rows: ListRow[]): Record<string, unknown>[] {
  return rows.map((r) =>
    Object.fromEntries(def.fields.map((f) => {
      const s = (r[f.key] ?? '').trim();
      if (f.kind === 'lines') return [f.key, s.split('\n').map((l) => l.trim()).filter(Boolean)];
      return [f.key, s === '' ? (f.required ? '' : null) : s];
    })),
  );
}
