import type { Redis } from 'ioredis';
import type { Order, OrderStatus } from '../model/index.js';
import type { RedisKeys } from '../redis/keys.js';
import type { OrderService } from './service.js';

/** Statuses an order passes through once confirmed; a downstream system wants it from then on. */
const EXPORTABLE: readonly OrderStatus[] = ['confirmed', 'booking', 'booked', 'in_transit', 'delivered'];
/** Orders checked per round trip. */
const SLICE = 1000;
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
      const ending = ENDINGS.includes(status);
      for (let i = 0; i < flat.length; i += 2) {
        ids.set(flat[i]!, Number(flat[i + 1]));
        if (ending) ended.add(flat[i]!);
      }
    }
    if (!ids.size) return [];
    const sorted = [...ids].sort((a, b) => a[1] - b[1]).map(([id]) => id);
    // In slices, oldest first, until `limit` are due: a shop's whole order history in one HMGET
    // would hold Redis (and every confirmation and quote behind it) for as long as it takes.
    const due: string[] = [];
    for (let i = 0; i < sorted.length && due.length < limit; i += SLICE) {
      const slice = sorted.slice(i, i + SLICE);
      const pipe = this.redis.pipeline();
      pipe.hmget(this.keys.orderExports(consumerId), ...slice);
      for (const id of slice) pipe.llen(this.keys.orderHistory(id));
      const replies = ((await pipe.exec()) ?? []) as [Error | null, unknown][];
      for (const [err] of replies) if (err) throw err;
      const [ackedReply, ...lengths] = replies;
      const acked = (ackedReply?.[1] ?? []) as (string | null)[];
      slice.forEach((id, j) => {
        const sent = acked[j] ?? null;
        const current = String(lengths[j]?.[1]);
        if (current !== '0' && current !== sent && (!ended.has(id) || sent !== null)) due.push(id);
      });
    }
    const orders = await Promise.all(due.slice(0, limit).map((id) => this.orders.find(id)));
    return orders.filter((o): o is Order => !!o);
  }

  /** Records that `consumerId` took these orders in the state they were sent in. */
  async markExported(consumerId: string, orders: Pick<Order, 'id' | 'history'>[]): Promise<void> {
    if (!orders.length) return;
    await this.redis.hset(this.keys.orderExports(consumerId), ...orders.flatMap((o) => [o.id, String(o.history.length)]));
  }
}
