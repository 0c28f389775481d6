import type { Hub } from '../hub.js';
import { refreshPickupPoints } from './pickup-points.js';

/** Refreshes the pickup-point lists of every enabled courier that has one; a failure waits for the next run. */
export async function pickupPointsJob(hub: Hub): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  for (const courier of await hub.connectors.enabled('courier')) {
    if (!courier.adapter.pickupPoints) continue;
    try {
      const r = await refreshPickupPoints(hub, courier.id);
      out[courier.id] = r.count;
      hub.logger.info({ connectorId: courier.id, points: r.count, cities: r.cities, rejected: r.rejected }, 'pickup points refreshed');
    } catch (err) {
      out[courier.id] = err instanceof Error ? err.message : String(err);
      hub.logger.warn({ connectorId: courier.id, err: out[courier.id] }, 'pickup point refresh failed; serving the previous list');
    }
  }
  return out;
}
