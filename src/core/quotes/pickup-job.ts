import pRetry from 'p-retry';
import type { Hub } from '../hub.js';
import { ConnectorError } from '../errors.js';
import { refreshPickupPoints } from './pickup-points.js';

/**
 * Refreshes the pickup-point lists of every enabled courier that has one. A network hiccup is
 * retried twice within the run (a day is long to wait for the next one); anything else, or a
 * third failure, keeps the previous list until the next run.
 */
export async function pickupPointsJob(hub: Hub, retryDelayMs = 5_000): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  for (const courier of await hub.connectors.enabled('courier')) {
    if (!courier.adapter.pickupPoints) continue;
    try {
      const r = await pRetry(() => refreshPickupPoints(hub, courier.id), {
        retries: 2,
        minTimeout: retryDelayMs,
        shouldRetry: ({ error }) => error instanceof ConnectorError && error.transient,
      });
      out[courier.id] = r.count;
      hub.logger.info({ connectorId: courier.id, points: r.count, cities: r.cities, rejected: r.rejected }, 'pickup points refreshed');
    } catch (err) {
      out[courier.id] = err instanceof Error ? err.message : String(err);
      hub.logger.warn({ connectorId: courier.id, err: out[courier.id] }, 'pickup point refresh failed; serving the previous list');
    }
  }
  return out;
}
