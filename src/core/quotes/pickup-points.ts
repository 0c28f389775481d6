import { z } from '@hono/zod-openapi';
import type { Hub } from '../hub.js';
import { Address } from '../model/index.js';
import { PickupPointStore, type PickupReplaceResult } from './pickup-store.js';
import { quoteKeys } from './keys.js';

/** A place where the buyer collects a parcel: a staffed pickup point or a parcel locker. */
export const PickupPoint = z
  .object({
    /** The courier's own code, as `BookingRequest.pickupPointCode` expects it. */
    code: z.string().min(1),
    name: z.string(),
    address: Address,
    location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
    type: z.enum(['pickup_point', 'postamat']),
    /** Opening hours as the courier states them, e.g. "Пн-Пт 10:00-20:00". */
    workTime: z.string().optional(),
    codAvailable: z.boolean().optional(),
  })
  .openapi('PickupPoint');
export type PickupPoint = z.infer<typeof PickupPoint>;

/** How often the background job should refresh a courier's pickup points. */
export const PICKUP_REFRESH_MS = 24 * 3600_000;

/** How long one download of a courier's whole list may take. */
export const PICKUP_FETCH_TIMEOUT_MS = 120_000;

export interface PickupRefreshResult extends PickupReplaceResult {
  connectorId: string;
  /** False when the connector's type has no pickup-point list (nothing was stored). */
  supported: boolean;
  /** Points the courier sent that did not fit the schema (logged, left out). */
  rejected: number;
}

/** The store of the hub's pickup points. */
export function pickupPointStore(hub: Pick<Hub, 'redis' | 'keys'>): PickupPointStore {
  return new PickupPointStore(hub.redis, quoteKeys(hub.keys.prefix));
}

/**
 * Downloads one courier's pickup points and replaces its stored list atomically: readers see the
 * old list or the new one, never a mix. Meant for a scheduled background job (every
 * `PICKUP_REFRESH_MS`); throws the adapter's ConnectorError (transient ones are worth a retry) and
 * NotFoundError for an unknown courier connector.
 */
export async function refreshPickupPoints(
  hub: Pick<Hub, 'connectors' | 'redis' | 'keys' | 'clock' | 'logger' | 'metrics'>,
  connectorId: string,
  signal: AbortSignal = AbortSignal.timeout(PICKUP_FETCH_TIMEOUT_MS),
): Promise<PickupRefreshResult> {
  const inst = await hub.connectors.instance(connectorId, 'courier');
  if (!inst.adapter.pickupPoints) return { connectorId, supported: false, count: 0, cities: 0, rejected: 0 };
  const raw = await inst.adapter.pickupPoints(signal);
  const points: PickupPoint[] = [];
  let rejected = 0;
  let example: string | undefined;
  for (const p of raw) {
    const r = PickupPoint.safeParse(p);
    if (r.success) points.push(r.data);
    else {
      rejected++;
      example ??= `${(p as { code?: unknown })?.code ?? '?'}: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`;
    }
  }
  if (rejected) hub.logger.warn({ connectorId, rejected, example }, 'pickup points that do not fit the schema were left out');
  const stored = await pickupPointStore(hub).replace(connectorId, points, hub.clock.now().toISOString());
  hub.metrics.pickupPoints.set({ connector: connectorId }, stored.count);
  hub.logger.info({ connectorId, ...stored }, 'pickup points refreshed');
  return { connectorId, supported: true, rejected, ...stored };
}
