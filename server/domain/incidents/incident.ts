/**
 * The validated incident record that every source (file import, demo generator) produces and the
 * database importer stores. Coordinates are RD New (EPSG:28992) metres; times are instants, with
 * [from, to] the registered "pleegperiode" (the crime happened somewhere in it; many burglaries
 * are only known to lie between "left home" and "came back").
 */
import { z } from 'zod';
import { IncidentKindSchema } from './kinds.js';

export const ValidIncidentSchema = z
  .object({
    /** Identifier in the source system (registratienummer); unique per source. */
    sourceId: z.string().min(1).max(200),
    kind: IncidentKindSchema,
    /** Start of the pleegperiode. */
    from: z.date(),
    /** End of the pleegperiode (equals `from` when the moment is known). */
    to: z.date(),
    /** RD New easting, metres. */
    x: z.number().finite(),
    /** RD New northing, metres. */
    y: z.number().finite(),
    address: z.string().optional(),
    /** PC6 ("7311AB") or PC4 ("7311"), upper case without space. */
    postcode: z.string().optional(),
    modusOperandi: z.string().optional(),
    /** Target: canonical dwelling type (see DWELLING_TYPES) when recognised, else the source text. */
    targetType: z.string().optional(),
  })
  .refine((i) => i.from.getTime() <= i.to.getTime(), { message: 'to ligt vóór from', path: ['to'] });

export type ValidIncident = z.infer<typeof ValidIncidentSchema>;
