import type { ConnectorCache } from '../../../core/connectors/cache.js';
import type { Address } from '../../../core/model/index.js';
import { ConnectorError } from '../../../core/errors.js';
import type { NovaPoshtaClient } from './client.js';
import { SearchSettlements } from './api.js';

/** City refs change rarely: keep them a month, refresh in the background after a week. */
export const CITY_CACHE = { ttlMs: 30 * 86_400_000, refreshAfterMs: 7 * 86_400_000 } as const;

export function cityCacheKey(a: Pick<Address, 'city' | 'region'>): string {
  return `city:${a.city.trim().toLowerCase()}|${(a.region ?? '').trim().toLowerCase()}`;
}

/** methodProperties of `Address.searchSettlements`. */
export function toCitySearch(a: Pick<Address, 'city'>) {
  return { CityName: a.city.trim(), Limit: '20', Page: '1' };
}

/**
 * The city Ref (`DeliveryCity`) for an address, or null when Nova Poshta serves no such city.
 * Prefers an exact name match in the given region with branches.
 */
export function parseCitySearch(data: unknown[], a: Pick<Address, 'city' | 'region'>): string | null {
  const parsed = SearchSettlements.safeParse(data[0] ?? { Addresses: [] });
  if (!parsed.success) throw new ConnectorError('bad_response', `Nova Poshta Address.searchSettlements answered an unexpected shape: ${parsed.error.message}`);
  const norm = (s: string) => s.trim().toLowerCase();
  const all = parsed.data.Addresses.filter((x) => x.DeliveryCity);
  const named = all.filter((x) => norm(x.MainDescription) === norm(a.city));
  const region = a.region ? norm(a.region) : undefined;
  const inRegion = region ? named.filter((x) => x.Area && region.includes(norm(x.Area))) : named;
  const pick = inRegion[0] ?? named[0] ?? all[0];
  return pick?.DeliveryCity ?? null;
}

/** Cached lookup: a second quote to the same city makes no lookup call. */
export function resolveCity(client: NovaPoshtaClient, cache: ConnectorCache, a: Address, signal?: AbortSignal): Promise<string | null> {
  return cache.cached(cityCacheKey(a), CITY_CACHE, async () => parseCitySearch(await client.call('Address', 'searchSettlements', toCitySearch(a)), a), signal);
}
