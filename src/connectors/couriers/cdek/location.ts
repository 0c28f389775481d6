import { ConnectorError } from '../../../core/errors.js';
import type { Address } from '../../../core/model/index.js';
import { CdekCities, type CdekCity } from './api.js';

/** What the adapter needs to know about a CDEK city. */
export interface CdekCityRef {
  code: number;
  /** Cash on delivery limit in roubles: -1 no limit, 0 not accepted. */
  paymentLimit?: number;
}

/** A place CDEK has no code for, sent as an address for CDEK to recognise (spec: CalculatorLocationDto). */
export interface CdekAddressRef {
  country_code: string;
  city: string;
  postal_code?: string;
  address: string;
}

/** Where parcels leave from or go to: a CDEK city, or an address when no city code is known. */
export type CdekPlace = CdekCityRef | CdekAddressRef;

export const isCity = (p: CdekPlace): p is CdekCityRef => 'code' in p;

/** The calculator's `from_location` / `to_location`. */
export function toCalcLocation(p: CdekPlace): Record<string, string | number> {
  return isCity(p) ? { code: p.code } : { ...p };
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * The CDEK city code the caller put on the address (`codes.cdek`), if any. A value that is not a
 * CDEK code is the caller's mistake: looking the place up by name instead would hide it.
 */
export function cdekCodeOf(a: Address): number | undefined {
  const raw = a.codes?.cdek?.trim();
  if (raw === undefined) return undefined;
  const code = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!(code > 0 && code <= INT32_MAX)) {
    throw new ConnectorError('invalid_request', `address codes.cdek '${raw}' is not a CDEK city code (a positive whole number such as 44)`, { transient: false });
  }
  return code;
}

/**
 * Where CDEK should take or deliver the parcels: the caller's CDEK code as is, else the city found
 * by postcode or name, else (CDEK knows no such city) the street address for CDEK to recognise
 * itself; `null` when there is nothing to send.
 */
export async function resolvePlace(a: Address, lookup: (a: Address) => Promise<CdekCityRef | null>): Promise<CdekPlace | null> {
  const code = cdekCodeOf(a);
  if (code !== undefined) return { code };
  const city = await lookup(a);
  if (city) return city;
  if (!a.line) return null;
  return { country_code: a.country, city: a.city, ...(a.postcode ? { postal_code: a.postcode } : {}), address: a.line };
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
