import { ConflictError } from '../errors.js';
import type { TrackUpdate } from '../connectors/contract.js';
import type { Hub } from '../hub.js';
import type { OrderStatus } from '../model/index.js';
import type { Shipment, ShipmentState } from './model.js';

const BATCH = 100;

/** The order steps a courier status implies, in pipeline order (no skipping). */
const ORDER_STEPS: Partial<Record<TrackUpdate['status'], OrderStatus[]>> = {
  in_transit: ['in_transit'],
  delivered: ['in_transit', 'delivered'],
  returned: ['in_transit', 'returned'],
};
const SHIPMENT_STATE: Partial<Record<TrackUpdate['status'], ShipmentState>> = {
  in_transit: 'in_transit',
  delivered: 'delivered',
  returned: 'returned',
  cancelled: 'cancelled',
};

/** Polls every active shipment, batched per courier, and moves shipments and orders along. */
export async function trackingJob(hub: Hub): Promise<{ checked: number; updated: number }> {
  const ids = await hub.shipments.store.activeIds();
  const byCourier = new Map<string, Shipment[]>();
  for (const id of ids) {
    const s = await hub.shipments.store.find(id);
    if (s) byCourier.set(s.connectorId, [...(byCourier.get(s.connectorId) ?? []), s]);
  }
  let updated = 0;
  for (const [connectorId, list] of byCourier) {
    const courier = await hub.connectors.instance(connectorId, 'courier').catch(() => undefined);
    if (!courier?.adapter.track) continue;
    for (let i = 0; i < list.length; i += BATCH) {
      const batch = list.slice(i, i + BATCH);
      try {
        const updates = await courier.adapter.track(batch.map((s) => ({ shipmentId: s.id, courierId: s.courierId, trackNumber: s.trackNumber })), AbortSignal.timeout(60_000));
        for (const u of updates) if (await applyTrackUpdate(hub, u)) updated++;
      } catch (err) {
        hub.logger.warn({ connectorId, err: err instanceof Error ? err.message : String(err) }, 'tracking poll failed; will try on the next run');
      }
    }
  }
  return { checked: ids.length, updated };
}

/** Applies one courier status; repeats and statuses the order already passed change nothing. */
export async function applyTrackUpdate(hub: Hub, u: TrackUpdate): Promise<boolean> {
  const s = await hub.shipments.store.find(u.shipmentId);
  if (!s) return false;
  const now = hub.clock.now();
  const state = SHIPMENT_STATE[u.status];
  let changed = false;
  if (u.status === 'unknown') hub.logger.warn({ shipmentId: s.id, code: u.code, description: u.description }, 'courier reported a status code the hub does not know; add it to the status table');
  if (state && state !== s.state) {
    await hub.shipments.store.setState(s.id, state, now, `courier: ${u.description || u.code}`, { courierStatus: u.code });
    await hub.events.append('shipment.status_changed', { shipmentId: s.id, state, courierCode: u.code, description: u.description, at: u.at }, now, s.orderId);
    changed = true;
  } else if (u.code !== s.courierStatus) {
    await hub.shipments.store.update(s.id, { courierStatus: u.code }, now);
  }
  for (const step of ORDER_STEPS[u.status] ?? []) {
    try {
      const { changed: moved } = await hub.orders.transition(s.orderId, step, `courier ${s.connectorId}: ${u.description || u.code}`, now, { shipmentId: s.id });
      if (moved && step === 'in_transit') await hub.stock.consume(s.orderId);
      changed ||= moved;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  return changed;
}
