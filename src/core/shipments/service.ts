import { ConflictError, ProblemError } from '../errors.js';
import { newId } from '../ids.js';
import type { Clock } from '../clock.js';
import type { ConnectorService } from '../connectors/service.js';
import type { EventLog } from '../events/log.js';
import type { Logger } from '../logger.js';
import type { OrderService } from '../orders/service.js';
import type { Queues } from '../queues/queues.js';
import type { Shipment, ShipmentRequest } from './model.js';
import type { ShipmentStore } from './store.js';

export interface BookingPolicy {
  /** Attempts before a shipment is marked failed (default 8). */
  attempts: number;
}

/** Asking to ship: a shipment record, the order moved to `booking`, and a booking job. */
export class ShipmentService {
  constructor(
    readonly store: ShipmentStore,
    private readonly orders: OrderService,
    private readonly connectors: ConnectorService,
    private readonly queues: Queues,
    private readonly events: EventLog,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly policy: BookingPolicy = { attempts: 8 },
  ) {}

  async request(orderId: string, req: ShipmentRequest): Promise<{ shipment: Shipment; created: boolean }> {
    const order = await this.orders.get(orderId);
    if (order.status === 'booking' || order.status === 'booked') {
      const live = (await this.store.ofOrder(orderId)).find((s) => s.state !== 'failed' && s.state !== 'cancelled');
      if (live) return { shipment: live, created: false };
    }
    if (order.status !== 'confirmed' && order.status !== 'booking') {
      throw new ConflictError('illegal_transition', `order ${orderId} is '${order.status}'; only a confirmed order can be shipped`, { currentStatus: order.status, requestedStatus: 'booking' });
    }
    const courier = await this.connectors.instance(req.connectorId, 'courier').catch(() => undefined);
    if (!courier?.enabled) throw new ProblemError(422, 'unknown_courier', 'Unknown courier', `'${req.connectorId}' is not an enabled courier connector`);
    if (!courier.adapter.book) throw new ProblemError(422, 'booking_unsupported', 'Booking not supported', `courier connector '${req.connectorId}' (${courier.type}) cannot book shipments`);
    const now = this.clock.now();
    const shipment: Shipment = {
      ...req,
      id: newId('shp', now.getTime()),
      orderId,
      state: 'queued',
      attempts: 0,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      history: [{ state: 'queued', at: now.toISOString(), cause: 'shipment requested' }],
    };
    await this.store.create(shipment);
    if (order.status === 'confirmed') {
      try {
        await this.orders.transition(orderId, 'booking', `shipment ${shipment.id} requested with ${req.connectorId}`, now, { shipmentId: shipment.id });
      } catch (err) {
        await this.store.setState(shipment.id, 'cancelled', now, 'order could not move to booking');
        throw err;
      }
    }
    await this.enqueue(shipment.id);
    await this.events.append('shipment.queued', { shipmentId: shipment.id, connectorId: req.connectorId, service: req.service }, now, orderId);
    return { shipment, created: true };
  }

  /** Re-drives a failed shipment; its attempts start again. */
  async retry(shipmentId: string): Promise<Shipment> {
    const s = await this.store.get(shipmentId);
    if (s.state !== 'failed') throw new ConflictError('not_failed', `shipment ${shipmentId} is '${s.state}'; only failed shipments can be retried`);
    const now = this.clock.now();
    const next = await this.store.setState(shipmentId, 'queued', now, 'retried by an admin');
    const old = await this.queues.get('booking').getJob(shipmentId);
    if (old) await old.remove().catch(() => undefined);
    await this.enqueue(shipmentId);
    this.logger.info({ shipmentId }, 'failed shipment re-queued by an admin');
    return next;
  }

  /**
   * The order was cancelled: a queued booking is dropped, a booked one is cancelled at the courier
   * where it allows it. A courier that refuses is logged and reported as an event for a person.
   */
  async cancelForOrder(orderId: string): Promise<void> {
    for (const s of await this.store.ofOrder(orderId)) {
      try {
        await this.cancelShipment(s, 'order cancelled');
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.logger.error({ shipmentId: s.id, orderId, err: message }, 'order cancelled but the courier refused to cancel the shipment; cancel it by hand');
        await this.events.append('shipment.cancel_failed', { shipmentId: s.id, connectorId: s.connectorId, error: message }, this.clock.now(), orderId);
      }
    }
  }

  /** Cancels one shipment (a CRM deleting a delivery); 409 once the parcel has left. */
  async cancel(shipmentId: string): Promise<Shipment> {
    const s = await this.store.get(shipmentId);
    if (s.state === 'in_transit' || s.state === 'delivered' || s.state === 'returned') {
      throw new ConflictError('shipment_in_transit', `shipment ${shipmentId} is '${s.state}'; it can no longer be cancelled`);
    }
    return this.cancelShipment(s, 'cancelled on request');
  }

  private async cancelShipment(s: Shipment, why: string): Promise<Shipment> {
    const now = this.clock.now();
    if (s.state === 'cancelled' || s.state === 'in_transit' || s.state === 'delivered' || s.state === 'returned') return s;
    if (s.state === 'queued' || s.state === 'failed') {
      // An active job re-reads the shipment before calling the courier and stops.
      const job = await this.queues.get('booking').getJob(s.id);
      await job?.remove().catch(() => undefined);
      return this.store.setState(s.id, 'cancelled', now, `${why} before booking`);
    }
    const courier = await this.connectors.instance(s.connectorId, 'courier').catch(() => undefined);
    if (courier?.adapter.cancel) await courier.adapter.cancel({ shipmentId: s.id, courierId: s.courierId, trackNumber: s.trackNumber }, AbortSignal.timeout(30_000));
    const next = await this.store.setState(s.id, 'cancelled', now, courier?.adapter.cancel ? `${why}; cancelled at the courier` : `${why}; this courier has no cancel call, tell it by hand`);
    await this.events.append('shipment.cancelled', { shipmentId: s.id, connectorId: s.connectorId }, now, s.orderId);
    return next;
  }

  private async enqueue(shipmentId: string) {
    // The job id is the shipment id: BullMQ never runs two jobs with one id at once.
    await this.queues.add('booking', 'book', { shipmentId }, { jobId: shipmentId, attempts: this.policy.attempts, backoff: { type: 'custom' } });
  }
}
