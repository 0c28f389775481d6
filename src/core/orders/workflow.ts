import { ConflictError } from '../errors.js';
import type { Allocation, Order, OrderStatus, Shortage } from '../model/index.js';
import type { StockService } from '../stock/service.js';
import type { OrderService } from './service.js';

export interface ShortageWithAlternatives extends Shortage {
  alternatives?: unknown[];
}

/** Finds in-stock analogues for a short SKU; supplied by the catalog module when it is present. */
export type AlternativesFinder = (sku: string, requested: number) => Promise<unknown[]>;

/**
 * The order pipeline with its stock side effects (DESIGN.md): reservations are taken at
 * `confirmed`, released at `cancelled` and consumed at `in_transit`.
 */
export type StatusListener = (order: Order, cause: string) => Promise<void>;

export class OrderWorkflow {
  private readonly cancelListeners: StatusListener[] = [];

  constructor(
    readonly orders: OrderService,
    readonly stock: StockService,
    private readonly alternatives?: AlternativesFinder,
  ) {}

  /**
   * Reserves every line, all or nothing, then marks the order confirmed. Confirming an order that
   * is already confirmed answers its reservation again. Short stock: 409 with the shortages.
   */
  async confirm(orderId: string, now: Date, cause = 'confirmed via API', expiresAt?: Date): Promise<{ order: Order; allocations: Allocation[] }> {
    const order = await this.orders.get(orderId);
    if (order.status === 'confirmed') return { order, allocations: await this.stock.reservationOf(orderId) };
    if (order.status !== 'new') {
      throw new ConflictError('illegal_transition', `order ${orderId} is '${order.status}'; only a new order can be confirmed`, { currentStatus: order.status, requestedStatus: 'confirmed' });
    }
    const res = await this.stock.reserve(orderId, order.lines, { expiresAt });
    if (!res.ok) {
      const shortages: ShortageWithAlternatives[] = await Promise.all(
        res.shortages.map(async (s) => (this.alternatives ? { ...s, alternatives: await this.alternatives(s.sku, s.requested) } : s)),
      );
      throw new ConflictError('insufficient_stock', `not enough stock to confirm order ${orderId}: ${shortages.map((s) => `${s.sku} (${s.available} of ${s.requested})`).join(', ')}`, { shortages });
    }
    try {
      const { order: confirmed } = await this.orders.transition(orderId, 'confirmed', cause, now, { allocations: res.allocations });
      return { order: confirmed, allocations: res.allocations };
    } catch (err) {
      // Cancelled in between: give the stock back, or it would stay reserved for a dead order.
      await this.stock.release(orderId);
      throw err;
    }
  }

  /** Runs after an order is cancelled (shipments cancel their bookings); failures are the listener's to log. */
  onCancelled(listener: StatusListener): void {
    this.cancelListeners.push(listener);
  }

  /** Any pipeline move; `confirmed` goes through `confirm` so stock is always reserved first. */
  async setStatus(orderId: string, to: OrderStatus, cause: string, now: Date): Promise<Order> {
    if (to === 'confirmed') return (await this.confirm(orderId, now, cause)).order;
    const { order, changed } = await this.orders.transition(orderId, to, cause, now);
    // Retried after a crash, the side effect runs again: both are no-ops once done.
    if (to === 'cancelled' || (!changed && order.status === 'cancelled')) {
      await this.stock.release(orderId);
      for (const listener of this.cancelListeners) await listener(order, cause);
    }
    if (to === 'in_transit') await this.stock.consume(orderId);
    return order;
  }
}
