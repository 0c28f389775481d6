import type { Address } from '../../../core/model/index.js';
import { BoxberryCities } from './api.js';

/** Boxberry's numeric country codes (ListCities `CountryCode`) for the countries it serves. */
export const BOXBERRY_COUNTRY: Readonly<Record<string, string>> = { RU: '643', KZ: '398', BY: '112', KG: '417', AM: '051' };

/** City name → cities with that name (code, region): a compact index of `ListCities`. */
export type CityIndex = Record<string, { code: string; region: string }[]>;

export const normCity = (s: string | undefined) => (s ?? '').toLowerCase().replace(/ё/g, 'е').replace(/^(г\.?|город)\s+/, '').trim();

export function parseCityList(body: unknown): CityIndex {
  const parsed = BoxberryCities.safeParse(body);
  if (!parsed.success) return {};
  const index: CityIndex = {};
  for (const c of parsed.data) (index[normCity(c.Name)] ??= []).push({ code: c.Code, region: normCity(c.Region) });
  return index;
}

/** The Boxberry city code for an address, disambiguated by region; undefined when Boxberry has none. */
export function findCity(index: CityIndex, a: Address): string | undefined {
  const candidates = index[normCity(a.city)] ?? [];
  const region = normCity(a.region);
  const match = region ? candidates.find((c) => c.region && (c.region.includes(region) || region.includes(c.region))) : undefined;
  return (match ?? candidates[0])?.code;
}
