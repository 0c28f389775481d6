import type { Redis } from 'ioredis';
import { ConflictError, NotFoundError } from '../errors.js';
import { newId } from '../ids.js';
import { ORDER_TRANSITIONS, orderTotals, type Order, type OrderInput, type OrderStatus, type StatusChange } from '../model/index.js';
import type { RedisKeys } from '../redis/keys.js';
import type { ScriptRunner } from '../redis/scripts.js';

export interface OrderPage {
  items: Order[];
  nextCursor: string | null;
}

export interface TransitionResult {
  order: Order;
  from: OrderStatus;
  changed: boolean;
}

/** Orders in Redis: idempotent intake, the status pipeline, history and events, all atomic per order. */
export class OrderService {
  private readonly p: string;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly run: ScriptRunner,
  ) {
    this.p = `${keys.prefix}:{orders}:`;
  }

  /** Stores a new order, or returns the one already stored for (source, externalId). */
  async intake(input: OrderInput, now: Date, cause = 'received'): Promise<{ order: Order; created: boolean }> {
    const id = newId('ord', now.getTime());
    const at = now.toISOString();
    const data: Omit<Order, 'status' | 'history' | 'updatedAt'> = { ...input, id, totals: orderTotals(input), createdAt: at };
    const first: StatusChange = { status: 'new', at, cause };
    const event = { source: input.source, externalId: input.externalId, total: data.totals.total, currency: input.currency };
    const [created, orderId] = (await this.run('order-create-1', [this.keys.orderByExternal(input.source, input.externalId)], [
      this.p, id, JSON.stringify(data), 'new', now.getTime(), JSON.stringify(first), JSON.stringify(event),
    ])) as [number, string];
    return { order: await this.get(orderId), created: created === 1 };
  }

  async get(id: string): Promise<Order> {
    const order = await this.find(id);
    if (!order) throw new NotFoundError('order', id);
    return order;
  }

  async find(id: string): Promise<Order | undefined> {
    const [[, h], [, hist]] = (await this.redis
      .multi()
      .hgetall(this.keys.order(id))
      .lrange(this.keys.orderHistory(id), 0, -1)
      .exec()) as [[null, Record<string, string>], [null, string[]]];
    if (!h.data) return undefined;
    return {
      ...(JSON.parse(h.data) as Omit<Order, 'status' | 'history' | 'updatedAt'>),
      status: h.status as OrderStatus,
      updatedAt: new Date(Number(h.updatedAt)).toISOString(),
      history: hist.map((j) => JSON.parse(j) as StatusChange),
    };
  }

  async findByExternal(source: string, externalId: string): Promise<Order | undefined> {
    const id = await this.redis.get(this.keys.orderByExternal(source, externalId));
    return id ? this.find(id) : undefined;
  }

  /** Newest first; the cursor is the last id of the previous page. */
  async list(opts: { status?: OrderStatus; limit: number; cursor?: string }): Promise<OrderPage> {
    const index = opts.status ? this.keys.ordersByStatus(opts.status) : this.keys.ordersAll;
    let max = '+inf';
    if (opts.cursor) {
      const score = await this.redis.zscore(index, opts.cursor);
      if (score === null) throw new ConflictError('stale_cursor', 'the cursor no longer points into this list; start again without it');
      max = score;
    }
    // Fetch a little more than a page so ties on the same millisecond are skipped past the cursor.
    const ids = await this.redis.zrevrangebyscore(index, max, '-inf', 'LIMIT', 0, opts.limit + 50);
    let start = 0;
    if (opts.cursor) start = ids.indexOf(opts.cursor) + 1;
    const page = ids.slice(start, start + opts.limit);
    const orders = (await Promise.all(page.map((id) => this.find(id)))).filter((o): o is Order => !!o);
    const more = ids.length > start + opts.limit;
    return { items: orders, nextCursor: more && page.length ? page[page.length - 1]! : null };
  }

  /**
   * Moves an order to `to` if the pipeline allows it from its current status; otherwise 409 and
   * nothing changes. Moving to the status it already has is a no-op (retries are safe).
   */
  async transition(id: string, to: OrderStatus, cause: string, now: Date, extra: Record<string, unknown> = {}): Promise<TransitionResult> {
    const from = (Object.keys(ORDER_TRANSITIONS) as OrderStatus[]).filter((s) => ORDER_TRANSITIONS[s].includes(to));
    const at = now.toISOString();
    const entry: StatusChange = { status: to, at, cause };
    const [result, prev] = (await this.run('order-transition-1', [this.keys.order(id)], [
      this.p, id, to, from.join(' '), now.getTime(), JSON.stringify(entry), JSON.stringify({ to, cause, ...extra }),
    ])) as [string, string | undefined];
    if (result === 'missing') throw new NotFoundError('order', id);
    if (result === 'illegal') {
      throw new ConflictError('illegal_transition', `order ${id} is '${prev}'; it cannot move to '${to}' (allowed from '${prev}': ${ORDER_TRANSITIONS[prev as OrderStatus].join(', ') || 'nothing'})`, {
        currentStatus: prev,
        requestedStatus: to,
      });
    }
    return { order: await this.get(id), from: prev as OrderStatus, changed: result === 'ok' };
  }
}
