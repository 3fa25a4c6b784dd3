/** Field schemas several registers share: the contact person (personal data) and dated notes. */
import { z } from 'zod';
import { LocalDateSchema } from '../contract/common.js';

export const ContactSchema = z
  .object({
    name: z.string().trim().min(1).max(200).describe('Naam contactpersoon'),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^[0-9 +()\-]*$/, 'verwacht een telefoonnummer (cijfers, spaties, +, -, haakjes)')
      .nullable()
      .optional()
      .describe('Telefoonnummer'),
    email: z.email('verwacht een e-mailadres').max(200).nullable().optional().describe('E-mailadres'),
  })
  .strict()
  .nullable()
  .describe('Contactpersoon (persoonsgegevens: alleen zichtbaar met het recht registers:contacts)');

export const DatedNoteSchema = z
  .object({
    date: LocalDateSchema,
    notes: z.string().trim().max(2000).nullable().optional().describe('Toelichting'),
  })
  .strict();

export const nullableInt = (max: number, description: string) => z.number().int().min(0).max(max).nullable().optional().describe(description);

/**
 * The permissions of a register everyone may see and a redacteur edits: areas and non-personal
 * fields for every caller (aggregates), edits and personal data by role (server/auth/roles.ts).
 */
export const SHARED_REGISTER_PERMISSIONS = { read: 'aggregates:read', edit: 'registers:edit', contacts: 'registers:contacts' } as const;
