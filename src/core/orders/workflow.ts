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
   * Reserves every line, all or nothing, and marks the order confirmed in the same Lua call, so no
   * cancellation can slip in between. Confirming an order that is already confirmed answers its
   * reservation again. Short stock: 409 with the shortages and their in-stock alternatives.
   */
  async confirm(orderId: string, now: Date, cause = 'confirmed via API', expiresAt?: Date): Promise<{ order: Order; allocations: Allocation[] }> {
    const warehouseIds = await this.stock.warehouses.recentIds();
    const res = await this.orders.confirmReserving(orderId, now, cause, { warehouseIds, expiresAt });
    if (res.kind === 'ok') return { order: res.order, allocations: res.allocations };
    if (res.kind === 'confirmed') return { order: await this.orders.get(orderId), allocations: await this.stock.reservationOf(orderId) };
    const shortages: ShortageWithAlternatives[] = await Promise.all(
      res.shortages.map(async (s) => (this.alternatives ? { ...s, alternatives: await this.alternatives(s.sku, s.requested) } : s)),
    );
    throw new ConflictError('insufficient_stock', `not enough stock to confirm order ${orderId}: ${shortages.map((s) => `${s.sku} (${s.available} of ${s.requested})`).join(', ')}`, { shortages });
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
