import { createHash } from 'node:crypto';
import type { Address, DeliveryType, Parcel } from '../model/index.js';

/**
 * A city name as an index key: trimmed, lower case, `ё` as `е`, single spaces, without a leading
 * "г." / "город" / "м." (how Russian and Ukrainian addresses often prefix it).
 */
export function normaliseCity(city: string): string {
  return city
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\s+/g, ' ')
    .replace(/^(г\.|город |м\.|місто )\s*/u, '');
}

const codes = (c: Record<string, string> | undefined) => (c ? Object.keys(c).sort().map((k) => `${k}=${c[k]}`).join(',') : '');
const postcode = (p: string | undefined) => (p ? p.replace(/\s+/g, '').toLowerCase() : '');

export interface DigestInput {
  origin: Address;
  destination: Address;
  parcels: Parcel[];
  declaredValue: number;
  currency: string;
  deliveryTypes?: DeliveryType[];
}

/**
 * The cache identity of a quote request, the same for every courier (the courier id is added to
 * the key). The destination counts by country, region, city, postcode and courier codes, as
 * couriers price it (region tells same-named cities apart, and table-rate zones match on it); the
 * origin (a warehouse) by its whole address so that moving a warehouse changes the key.
 */
export function quoteDigest(i: DigestInput): string {
  const o = i.origin;
  const d = i.destination;
  const text = [
    o.country.toUpperCase(), normaliseCity(o.city), postcode(o.postcode), o.region ?? '', o.line ?? '', codes(o.codes),
    d.country.toUpperCase(), d.region ? normaliseCity(d.region) : '', normaliseCity(d.city), postcode(d.postcode), codes(d.codes),
    i.parcels.map((p) => `${p.weight}x${p.length}x${p.width}x${p.height}`).join(';'),
    i.declaredValue, i.currency, i.deliveryTypes ? [...i.deliveryTypes].sort().join(',') : '*',
  ].join('|');
  return createHash('sha1').update(text).digest('base64url');
}
