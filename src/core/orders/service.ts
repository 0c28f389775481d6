import type { Redis } from 'ioredis';
import { ConflictError, NotFoundError } from '../errors.js';
import { newId } from '../ids.js';
import { ORDER_TRANSITIONS, orderTotals, type Allocation, type Order, type OrderInput, type OrderStatus, type Shortage, type StatusChange } from '../model/index.js';
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
    this.p = keys.ordersSlot;
  }

  /** Stores a new order, or returns the one already stored for (source, externalId). */
  async intake(input: OrderInput, now: Date, cause = 'received'): Promise<{ order: Order; created: boolean }> {
    const id = newId('ord', now.getTime());
    const at = now.toISOString();
    const data: Omit<Order, 'status' | 'history' | 'updatedAt'> = { ...input, id, totals: orderTotals(input), createdAt: at };
    const first: StatusChange = { status: 'new', at, cause };
    const event = { source: input.source, externalId: input.externalId, total: data.totals.total, currency: input.currency };
    const json = JSON.stringify(data);
    const [created, orderId] = (await this.run('order-create-1', [this.keys.orderByExternal(input.source, input.externalId)], [
      this.p, id, json, 'new', now.getTime(), JSON.stringify(first), JSON.stringify(event), JSON.stringify(input.lines.map((l) => [l.sku, l.qty])),
    ])) as [number, string];
    // A new order is exactly what was just written: no second round trip to read it back.
    if (created === 1) return { order: { ...(JSON.parse(json) as typeof data), status: 'new', updatedAt: at, history: [first] }, created: true };
    return { order: await this.get(orderId), created: false };
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

  /**
   * new -> confirmed with the order's lines reserved, in one Lua call (order-confirm-4): the order
   * is read, reserved and moved atomically, so nothing can slip in between and a confirmation
   * costs one round trip. `confirmed` means it already was (the caller reads what it holds).
   */
  async confirmReserving(
    id: string,
    now: Date,
    cause: string,
    stock: { warehouseIds: string[]; expiresAt?: Date },
  ): Promise<{ kind: 'ok'; order: Order; allocations: Allocation[] } | { kind: 'short'; shortages: Shortage[] } | { kind: 'confirmed' }> {
    const at = now.toISOString();
    const entry: StatusChange = { status: 'confirmed', at, cause };
    const res = (await this.run('order-confirm-4', [this.keys.order(id), this.keys.reservation(id), this.keys.reservationExpiry, this.keys.skuAlias], [
      this.p, id, now.getTime(), JSON.stringify(entry), cause, this.keys.stockSlot, stock.expiresAt?.getTime() ?? 0, stock.warehouseIds.length, ...stock.warehouseIds,
    ])) as (string | number)[];
    const kind = res[0];
    if (kind === 'missing') throw new NotFoundError('order', id);
    if (kind === 'confirmed') return { kind };
    if (kind === 'illegal') {
      const prev = String(res[1]) as OrderStatus;
      throw new ConflictError('illegal_transition', `order ${id} is '${prev}'; only a new order can be confirmed`, { currentStatus: prev, requestedStatus: 'confirmed' });
    }
    if (kind === 'short') {
      const shortages: Shortage[] = [];
      for (let i = 1; i < res.length; i += 3) shortages.push({ sku: String(res[i]), requested: Number(res[i + 1]), available: Number(res[i + 2]) });
      return { kind, shortages };
    }
    const n = Number(res[2]);
    const order: Order = {
      ...(JSON.parse(String(res[1])) as Omit<Order, 'status' | 'history' | 'updatedAt'>),
      status: 'confirmed',
      updatedAt: at,
      history: res.slice(3, 3 + n).map((j) => JSON.parse(String(j)) as StatusChange),
    };
    const allocations: Allocation[] = [];
    for (let i = 3 + n; i < res.length; i += 3) allocations.push({ warehouseId: String(res[i]), sku: String(res[i + 1]), qty: Number(res[i + 2]) });
    return { kind: 'ok', order, allocations };
  }
}
