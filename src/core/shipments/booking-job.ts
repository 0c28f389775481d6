import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { ConnectorError, isConnectorError } from '../errors.js';
import type { BookingRequest, BookingResult } from '../connectors/contract.js';
import type { Hub } from '../hub.js';
import { buildParcel } from '../quotes/parcels.js';
import type { Shipment } from './model.js';

const DONE = new Set(['booked', 'in_transit', 'delivered', 'returned', 'cancelled']);
/** How soon a booking the courier accepted but has not processed yet (CDEK, DPD) is looked at again. */
export const PENDING_RECHECK_MS = 5_000;

/**
 * Books one shipment, exactly once at the courier. The shipment id is the idempotency key and the
 * client's order number; every attempt after the first asks the courier (`findBooking`) before
 * booking again, so neither a timeout after the courier acted nor a worker killed before the hub
 * saved can make a second booking. The attempt counter is saved before the courier is called.
 */
export async function bookingJob(hub: Hub, job: Job<{ shipmentId: string }>, token?: string): Promise<string> {
  const { shipmentId } = job.data;
  const store = hub.shipments.store;
  let s = await store.get(shipmentId);
  if (DONE.has(s.state)) return s.state;
  const order = await hub.orders.get(s.orderId);
  if (order.status === 'cancelled') {
    await store.setState(s.id, 'cancelled', hub.clock.now(), 'order was cancelled before booking');
    return 'cancelled';
  }
  const courier = await hub.connectors.instance(s.connectorId, 'courier');
  const adapter = courier.adapter;
  if (!adapter.book) throw await fail(hub, s, `courier connector '${s.connectorId}' cannot book`);
  const signal = AbortSignal.timeout(60_000);

  if (s.attempts > 0 || s.state === 'pending') {
    if (!adapter.findBooking) {
      // Without a lookup the hub cannot tell whether the last attempt reached the courier.
      throw await fail(hub, s, `a previous attempt may have reached ${s.connectorId}, which offers no booking lookup; check with the courier, then retry`);
    }
    const found = await adapter.findBooking(s.id, signal);
    if (found) return adopt(hub, s, found, job, token, 'found at the courier by the shipment id');
    if (s.state === 'pending') {
      await store.update(s.id, { state: 'queued' }, hub.clock.now(), 'courier no longer knows the pending booking');
    }
  }

  // Cancelled while this job ran (a CRM deleted the delivery): never book it.
  if ((await store.get(s.id)).state === 'cancelled') return 'cancelled';
  s = await store.update(s.id, { attempts: s.attempts + 1 }, hub.clock.now());
  let result: BookingResult;
  try {
    result = await adapter.book(await bookingRequest(hub, s, signal));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const transient = !isConnectorError(err) || err.transient;
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!transient || last) throw await fail(hub, s, message);
    await store.update(s.id, { lastError: message }, hub.clock.now());
    hub.metrics.bookings.inc({ connector: s.connectorId, outcome: 'retry' });
    throw err;
  }
  return adopt(hub, s, result, job, token, 'booked with the courier');
}

async function adopt(hub: Hub, s: Shipment, r: BookingResult, job: Job, token: string | undefined, cause: string): Promise<string> {
  const now = hub.clock.now();
  if (r.state === 'rejected') throw await fail(hub, s, r.message ?? 'the courier rejected the booking');
  const patch = { courierId: r.courierId ?? s.courierId, trackNumber: r.trackNumber ?? s.trackNumber, lastError: undefined };
  if (r.state === 'pending') {
    await hub.shipments.store.setState(s.id, 'pending', now, 'accepted by the courier, not processed yet', patch);
    // Look again soon without spending an attempt.
    await job.moveToDelayed(Date.now() + PENDING_RECHECK_MS, token);
    throw new DelayedError();
  }
  await hub.shipments.store.setState(s.id, 'booked', now, cause, patch);
  await hub.orders.transition(s.orderId, 'booked', `booked with ${s.connectorId}${r.trackNumber ? `, track ${r.trackNumber}` : ''}`, now, { shipmentId: s.id }).catch((err) => {
    hub.logger.warn({ shipmentId: s.id, orderId: s.orderId, err: String(err) }, 'shipment booked but the order could not move to booked');
  });
  await hub.events.append('shipment.booked', { shipmentId: s.id, connectorId: s.connectorId, courierId: patch.courierId, trackNumber: patch.trackNumber }, now, s.orderId);
  hub.metrics.bookings.inc({ connector: s.connectorId, outcome: 'booked' });
  hub.logger.info({ shipmentId: s.id, orderId: s.orderId, connectorId: s.connectorId, trackNumber: patch.trackNumber }, 'shipment booked');
  return 'booked';
}

/** Marks the shipment failed (visible, retryable by an admin) and returns the error that ends the job. */
async function fail(hub: Hub, s: Shipment, message: string): Promise<UnrecoverableError> {
  const now = hub.clock.now();
  await hub.shipments.store.setState(s.id, 'failed', now, message, { lastError: message });
  await hub.events.append('shipment.failed', { shipmentId: s.id, connectorId: s.connectorId, error: message }, now, s.orderId);
  hub.metrics.bookings.inc({ connector: s.connectorId, outcome: 'failed' });
  return new UnrecoverableError(message);
}

async function bookingRequest(hub: Hub, s: Shipment, signal: AbortSignal): Promise<BookingRequest> {
  const order = await hub.orders.get(s.orderId);
  const alloc = await hub.stock.reservationOf(s.orderId);
  const units = new Map<string, number>();
  for (const a of alloc) units.set(a.warehouseId, (units.get(a.warehouseId) ?? 0) + a.qty);
  const whId = [...units].sort((a, b) => b[1] - a[1])[0]?.[0] ?? (await hub.warehouses.ids())[0];
  if (!whId) throw new ConnectorError('config', 'no warehouse is configured to ship from', { transient: false });
  const warehouse = await hub.warehouses.get(whId);
  const catalog = await hub.stock.catalogItems(order.lines.map((l) => l.sku));
  const parcels = s.parcels ?? [buildParcel(order.lines.map((l, i) => ({ qty: l.qty, item: catalog[i] })))];
  return {
    shipmentId: s.id,
    orderId: order.id,
    service: s.service,
    pickupPointCode: s.pickupPointCode,
    origin: warehouse.address,
    recipient: { name: order.customer.name, phone: order.customer.phone ?? '', email: order.customer.email },
    destination: order.delivery.address,
    parcels,
    items: order.lines.map((l) => ({ sku: l.sku, name: l.name, qty: l.qty, price: l.price })),
    declaredValue: order.totals.items,
    codAmount: order.payment.method === 'cod' ? order.totals.total : 0,
    currency: order.currency,
    signal,
  };
}
