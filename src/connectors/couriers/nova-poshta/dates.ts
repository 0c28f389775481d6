import type { ConnectorCache } from '../../../core/connectors/cache.js';
import { ConnectorError } from '../../../core/errors.js';
import { DeliveryDate } from './api.js';
import type { NovaPoshtaClient } from './client.js';
import type { ServiceType } from './rates.js';
import { kyivDate, npDate } from './time.js';

/**
 * A delivery date depends on the two cities, the service type and the day the parcel is handed
 * over, never on the parcel: it is kept per route and day, so a second quote on the same route
 * that day asks Nova Poshta for its price only. Refreshed in the background after an hour, in
 * case Nova Poshta changes a schedule during the day.
 */
export const DATE_CACHE = { ttlMs: 6 * 3_600_000, refreshAfterMs: 3_600_000 } as const;

export function deliveryDateKey(citySender: string, cityRecipient: string, service: ServiceType, now: Date): string {
  return `date:${citySender}|${cityRecipient}|${service}|${kyivDate(now)}`;
}

/** methodProperties of `InternetDocument.getDocumentDeliveryDate`. */
export function toDeliveryDateRequest(now: Date, citySender: string, cityRecipient: string, service: ServiceType) {
  return { DateTime: npDate(now), ServiceType: service, CitySender: citySender, CityRecipient: cityRecipient };
}

/** The `YYYY-MM-DD` of a getDocumentDeliveryDate answer; a malformed answer is a `bad_response` (and is not cached). */
export function parseDeliveryDate(data: unknown[], service: ServiceType): string {
  const parsed = DeliveryDate.safeParse(data[0]);
  const date = parsed.success ? parsed.data.DeliveryDate.date.slice(0, 10) : '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new ConnectorError('bad_response', `Nova Poshta answered getDocumentDeliveryDate for ${service} without a usable DeliveryDate: ${JSON.stringify(data[0])}`.slice(0, 400));
  }
  return date;
}

/** Cached lookup of the day a parcel handed over today arrives (Nova Poshta's own estimate). */
export function deliveryDate(client: NovaPoshtaClient, cache: ConnectorCache, now: Date, citySender: string, cityRecipient: string, service: ServiceType, signal?: AbortSignal): Promise<string> {
  return cache.cached(
    deliveryDateKey(citySender, cityRecipient, service, now),
    DATE_CACHE,
    async () => parseDeliveryDate(await client.call('InternetDocument', 'getDocumentDeliveryDate', toDeliveryDateRequest(now, citySender, cityRecipient, service)), service),
    signal,
  );
}
