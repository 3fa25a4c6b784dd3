/** Register: WhatsApp neighbourhood-prevention groups (buurtpreventie-apps). */
import { z } from 'zod';
import { LocalDateSchema } from '../contract/common.js';
import { demoGroups } from '../demo/registers.js';
import { ContactSchema, nullableInt, SHARED_REGISTER_PERMISSIONS } from './fields.js';
import type { RegisterDeclaration } from './types.js';

export const GROUP_STATUSES = ['actief', 'slapend'] as const;

export const groups: RegisterDeclaration = {
  name: 'groups',
  path: 'groups',
  table: 'whatsapp_group',
  label: { singular: 'WhatsApp-groep', plural: 'WhatsApp-groepen', withArticle: 'een WhatsApp-groep', fileName: 'whatsapp-groepen' },
  geometryKinds: ['Polygon', 'MultiPolygon'],
  geometryText: 'een vlak (Polygon of MultiPolygon)',
  properties: z
    .object({
      name: z.string().trim().min(1).max(200).describe('Naam van de groep'),
      areaSource: z.enum(['getekend', 'wijk', 'buurt', 'postcode']).nullable().optional().describe('Hoe het gebied is bepaald: getekend, of gekozen uit wijken, buurten of postcodegebieden'),
      areaCode: z.string().trim().max(20).nullable().optional().describe('CBS-code of postcode van het gekozen gebied'),
      memberCount: nullableInt(100_000, 'Aantal leden'),
      founded: LocalDateSchema.nullable().optional().describe('Opgericht op'),
      status: z.enum(GROUP_STATUSES).describe('actief of slapend'),
      signsPlaced: nullableInt(1000, 'Aantal geplaatste WhatsApp-borden'),
      contact: ContactSchema.optional(),
    })
    .strict(),
  personal: ['contact'],
  lines: [],
  permissions: SHARED_REGISTER_PERMISSIONS,
  columns: [
    { key: 'name', label: 'naam' },
    { key: 'status', label: 'status' },
    { key: 'memberCount', label: 'leden' },
    { key: 'founded', label: 'opgericht' },
    { key: 'signsPlaced', label: 'borden' },
    { key: 'areaSource', label: 'gebied_bron' },
    { key: 'areaCode', label: 'gebied_code' },
    { key: 'contact', label: 'contactpersoon' },
  ],
  demo: { seed: 20260701, generate: demoGroups, describe: 'server/demo/registers.ts demoGroups' },
};
