import type { Redis } from 'ioredis';
import type { Order, OrderStatus } from '../model/index.js';
import type { RedisKeys } from '../redis/keys.js';
import type { OrderService } from './service.js';

/** Statuses an order passes through once confirmed; a downstream system wants it from then on. */
const EXPORTABLE: readonly OrderStatus[] = ['confirmed', 'booking', 'booked', 'in_transit', 'delivered'];
/** Where an order may end after it was exported: sent again only to a consumer that took it before. */
const ENDINGS: readonly OrderStatus[] = ['cancelled', 'returned'];

/**
 * Which confirmed orders an outside system (a stock system that takes orders back) has
 * acknowledged, per consumer. The acknowledged version is the length of the order's history (it
 * grows with every move, even two in one millisecond), so an order that moved after its export is
 * offered again, and one never acknowledged is never lost.
 */
export class OrderExportLog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly orders: OrderService,
  ) {}

  /**
   * Confirmed (or later) orders `consumerId` has not acknowledged in their current state, oldest
   * first; and cancelled or returned ones it took before, so that it learns they ended.
   */
  async pending(consumerId: string, limit = 500): Promise<Order[]> {
    const ids = new Map<string, number>();
    const ended = new Set<string>();
    for (const status of [...EXPORTABLE, ...ENDINGS]) {
      const flat = await this.redis.zrange(this.keys.ordersByStatus(status), 0, -1, 'WITHSCORES');
      for (let i = 0; i < flat.length; i += 2) {
        ids.set(flat[i]!, Number(flat[i + 1]));
        if (ENDINGS.includes(status)) ended.add(flat[i]!);
      }
    }
    if (!ids.size) return [];
    const sorted = [...ids].sort((a, b) => a[1] - b[1]).map(([id]) => id);
    const acked = await this.redis.hmget(this.keys.orderExports(consumerId), ...sorted);
    const pipe = this.redis.pipeline();
    for (const id of sorted) pipe.llen(this.keys.orderHistory(id));
    const current = ((await pipe.exec()) ?? []).map(([, v]) => String(v));
    const due = sorted.filter((id, i) => current[i] !== '0' && current[i] !== acked[i] && (!ended.has(id) || acked[i] !== null)).slice(0, limit);
    const orders = await Promise.all(due.map((id) => this.orders.find(id)));
    return orders.filter((o): o is Order => !!o);
  }

  /** Records that `consumerId` took these orders in the state they were sent in. */
  async markExported(consumerId: string, orders: Pick<Order, 'id' | 'history'>[]): Promise<void> {
    if (!orders.length) return;
    await this.redis.hset(this.keys.orderExports(consumerId), ...orders.flatMap((o) => [o.id, String(o.history.length)]));
  }
}
