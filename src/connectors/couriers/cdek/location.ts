import type { Address } from '../../../core/model/index.js';
import { CdekCities, type CdekCity } from './api.js';

/** What the adapter needs to know about a CDEK city. */
export interface CdekCityRef {
  code: number;
  /** Cash on delivery limit in roubles: -1 no limit, 0 not accepted. */
  paymentLimit?: number;
}

export function cityCacheKey(a: Address): string {
  return `city:${a.country}:${a.postcode ?? ''}:${a.city.trim().toLowerCase()}:${(a.region ?? '').trim().toLowerCase()}`;
}

/**
 * Query for `GET /v2/location/cities`: by postcode when known (unambiguous), else by the exact
 * city name (the API matches the name in full).
 */
export function toCityQuery(a: Address): Record<string, string> {
  const q: Record<string, string> = { country_codes: a.country, size: '20' };
  if (a.postcode) q.postal_code = a.postcode;
  else q.city = a.city.trim();
  return q;
}

/** Picks the city: the only one, or the one whose name and region match the address. */
export function parseCityResponse(body: unknown, a: Address): CdekCityRef | null {
  const parsed = CdekCities.safeParse(body);
  if (!parsed.success || parsed.data.length === 0) return null;
  const cities = parsed.data;
  const norm = (s: string | undefined) => (s ?? '').toLowerCase().replace(/ё/g, 'е').trim();
  const byName = cities.filter((c) => norm(c.city) === norm(a.city));
  const pool = byName.length ? byName : cities;
  const region = norm(a.region);
  const pick: CdekCity | undefined = (region && pool.find((c) => !!norm(c.region) && (norm(c.region).includes(region) || region.includes(norm(c.region))))) || pool[0];
  if (!pick) return null;
  return pick.payment_limit === undefined ? { code: pick.code } : { code: pick.code, paymentLimit: pick.payment_limit };
}
