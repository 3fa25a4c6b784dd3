/**
 * The OGC API - Features collections, in the order clients list them. A new feature source (a
 * register: groups, parks, fire compartments) becomes a collection with one line here, given an
 * OgcCollection (server/ogc/collection.ts: id, Dutch title, permission, geometry type, extent,
 * items, item).
 */
import type { OgcCollection } from './collection.js';
import { districtCollection } from './districts.js';
import { hotspotGridCollection } from './hotspot-grid.js';
import { registerCollection } from './register.js';
import { fireCompartments } from '../registers/fire-compartments.js';
import { groups } from '../registers/groups.js';
import { parks } from '../registers/parks.js';

export const OGC_COLLECTIONS: OgcCollection[] = [
  districtCollection('gemeente', 'gemeente', 'Gemeente', 'De gemeentegrens (CBS Wijk- en Buurtkaart).'),
  districtCollection('stadsdelen', 'stadsdeel', 'Stadsdelen', 'Stadsdelen van de gemeente (samengesteld uit CBS-wijken).'),
  districtCollection('wijken', 'wijk', 'Wijken', 'CBS-wijken (vereenvoudigde vormen waar de bron dat zegt).'),
  districtCollection('buurten', 'buurt', 'Buurten', 'CBS-buurten; buurten zonder bekende vorm hebben geen geometrie.'),
  districtCollection('postcodegebieden', 'postcode', 'Postcodegebieden (PC4)', 'Viercijferige postcodegebieden (CBS).'),
  hotspotGridCollection,
  registerCollection(groups, 'whatsapp-groepen', 'WhatsApp-groepen', 'Buurtpreventie-WhatsApp-groepen met hun gebied en status.'),
  registerCollection(parks, 'recreatieparken', 'Recreatieparken', 'Recreatieparken met ontruimingsplan, capaciteit en grootteklasse.'),
  registerCollection(fireCompartments, 'brandcompartimenten', 'Natuurbrandcompartimenten', 'Natuurbrandcompartimenten met hun risicoklasse.'),
];

export function findCollection(id: string, list: readonly OgcCollection[] = OGC_COLLECTIONS): OgcCollection | undefined {
  return list.find((c) => c.id === id);
}
