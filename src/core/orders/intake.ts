import { SOURCE_HUB_STATUS, type OrdersAdapter, type RejectedRecord } from '../connectors/contract.js';
import { ProblemError } from '../errors.js';
import type { Hub } from '../hub.js';
import { OrderInput, ORDER_STATUSES, type Order, type OrderStatus } from '../model/index.js';
import { tryLock } from '../redis/lock.js';
import { stepsTo } from './steps.js';

/** Platform statuses the hub follows on an order it already has; `new`/`unknown` change nothing. */
const FOLLOWED: ReadonlySet<OrderStatus> = new Set(['cancelled', 'in_transit', 'delivered', 'returned']);
const PARALLEL = 16;
/** Longest a reserve-or-refuse decision may take (the platform call included) before another may retry it. */
const RESERVE_LOCK_MS = 30_000;

export interface IntakeResult {
  order: Order;
  created: boolean;
  /** The platform's status the hub followed (`cancelled`, `delivered`, ...). */
  followed?: OrderStatus;
  /** Why a platform status move was not followed (illegal in the pipeline). */
  skipped?: string;
  /** For `reserveOnIntake` sources: reserved, or refused at the source for short stock. */
  reservation?: 'reserved' | 'cancelled_at_source';
}

export interface IntakeSummary {
  results: IntakeResult[];
  /** Inputs that are not canonical orders; the caller dead-letters them. */
  rejected: RejectedRecord[];
  created: number;
}

export interface IngestOptions {
  /** The source's adapter, when the caller has it (reservation on intake, cancel at source). */
  adapter?: OrdersAdapter;
  signal?: AbortSignal;
}

/**
 * Takes orders from any source into the hub (DESIGN.md, job 1). Idempotent on (source,
 * externalId): the store script creates once and emits `order.received` in the same step. On top
 * of that: lines whose SKU the hub does not know are flagged (kept, never dropped), status moves of
 * orders already known are followed through the workflow, and sources that expect an answer at
 * once get the order reserved or refused.
 */
export class IntakeService {
  constructor(private readonly hub: Hub) {}

  async ingest(connectorId: string, inputs: unknown[], opts: IngestOptions = {}): Promise<IntakeSummary> {
    const rejected: RejectedRecord[] = [];
    const valid: OrderInput[] = [];
    for (const raw of inputs) {
      const parsed = OrderInput.safeParse(raw);
      if (parsed.success) {
        valid.push({ ...parsed.data, source: connectorId });
      } else {
        const externalId = (raw as { externalId?: unknown } | null)?.externalId;
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(order)'}: ${i.message}`).join('; ');
        rejected.push({ externalId: typeof externalId === 'string' ? externalId : undefined, reason: `not a canonical order: ${issues}`, payload: raw });
      }
    }
    const flagged = await this.flagUnknownSkus(valid);
    const adapter = opts.adapter ?? (await this.hub.connectors.instance(connectorId, 'orders').catch(() => undefined))?.adapter;
    const results: IntakeResult[] = new Array(flagged.length);
    let next = 0;
    const worker = async () => {
      while (next < flagged.length) {
        const i = next++;
        results[i] = await this.one(flagged[i]!, adapter, opts.signal);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, flagged.length) }, worker));
    return { results, rejected, created: results.filter((r) => r.created).length };
  }

  /** One canonical order: stored once, then the platform's status followed or the stock reserved. */
  private async one(input: OrderInput, adapter: OrdersAdapter | undefined, signal: AbortSignal | undefined): Promise<IntakeResult> {
    const { hub } = this;
    const { order, created } = await hub.orders.intake(input, hub.clock.now());
    hub.metrics.ordersReceived.inc({ source: input.source, created: String(created) });
    if (created) hub.logger.info({ orderId: order.id, source: input.source, externalId: input.externalId }, 'order received');
    const result: IntakeResult = { order, created };
    const platform = platformStatus(input);
    if (platform && FOLLOWED.has(platform)) return this.follow(result, platform);
    if (adapter?.reserveOnIntake && order.status === 'new') return this.reserve(result, adapter, signal);
    return result;
  }

  /**
   * Moves the hub order where the platform says it is. A platform that ships the order itself
   * (Ozon, Wildberries, Market logistics) reports `in_transit` or `delivered` for an order the hub
   * never booked: the order then walks the pipeline step by step (reserving at `confirmed`,
   * consuming at `in_transit`), so its stock is not held forever. A move the pipeline cannot make
   * (backwards, or stock too short to confirm) is logged and skipped.
   */
  private async follow(result: IntakeResult, to: OrderStatus): Promise<IntakeResult> {
    const { hub } = this;
    if (result.order.status === to) return result;
    const cause = `${to} at the source (${result.order.source})`;
    let order = result.order;
    try {
      for (const step of stepsTo(order.status, to)) order = await hub.workflow.setStatus(order.id, step, cause, hub.clock.now());
      return { ...result, order, followed: to };
    } catch (err) {
      if (!(err instanceof ProblemError) || (err.code !== 'illegal_transition' && err.code !== 'insufficient_stock')) throw err;
      hub.logger.warn({ orderId: order.id, source: order.source, from: order.status, to, reason: err.message }, 'source status move not possible in the pipeline; skipped');
      return { ...result, order, skipped: err.message };
    }
  }

  /**
   * Reserves a new order at once; when stock is short, refuses it at the source first and then
   * cancels it here, so the hub never holds a reservation the platform does not know about. A
   * failed refusal leaves the order `new` and throws: the platform's retry runs this again.
   */
  private async reserve(result: IntakeResult, adapter: OrdersAdapter, signal: AbortSignal | undefined): Promise<IntakeResult> {
    const { hub } = this;
    const { order } = result;
    // Duplicate notifications arrive together: one of them decides, the others change nothing. The
    // lock expires, so a decision cut short by a crash is taken again by the platform's retry.
    const lock = await tryLock(hub.redis, hub.keys.intakeLock(order.id), RESERVE_LOCK_MS);
    if (!lock) return result;
    try {
      return await this.reserveOrRefuse(result, adapter, signal);
    } finally {
      await lock.release().catch(() => undefined);
    }
  }

  private async reserveOrRefuse(result: IntakeResult, adapter: OrdersAdapter, signal: AbortSignal | undefined): Promise<IntakeResult> {
    const { hub } = this;
    const order = await hub.orders.get(result.order.id);
    if (order.status !== 'new') return { ...result, order };
    try {
      const confirmed = await hub.workflow.confirm(order.id, hub.clock.now(), 'reserved on intake');
      return { ...result, order: confirmed.order, reservation: 'reserved' };
    } catch (err) {
      if (!(err instanceof ProblemError) || err.code !== 'insufficient_stock') throw err;
      if (!adapter.cancelAtSource) {
        hub.logger.warn({ orderId: order.id, source: order.source }, 'stock short for an order reserved on intake; the source cannot be told, left new');
        return result;
      }
      await adapter.cancelAtSource(order.externalId, `out of stock: ${err.message}`, signal ?? AbortSignal.timeout(30_000));
      const cancelled = await hub.workflow.setStatus(order.id, 'cancelled', `refused at the source: ${err.message}`, hub.clock.now());
      hub.logger.info({ orderId: order.id, source: order.source, externalId: order.externalId }, 'order refused at the source for short stock');
      return { ...result, order: cancelled, reservation: 'cancelled_at_source' };
    }
  }

  /** Marks lines whose SKU is neither in the catalog (directly or by alias) nor in any warehouse. */
  private async flagUnknownSkus(inputs: OrderInput[]): Promise<OrderInput[]> {
    const { redis, keys } = this.hub;
    const skus = [...new Set(inputs.flatMap((o) => o.lines.map((l) => l.sku)))];
    if (!skus.length) return inputs;
    // One round trip when the catalog has every SKU, the usual case; a second for the rest.
    const first = redis.pipeline().hkeys(keys.warehouses).hmget(keys.skuAlias, ...skus);
    for (const sku of skus) first.hexists(keys.catalog, sku);
    const [[, whs], [, aliases], ...inCatalog] = ((await first.exec()) ?? []) as [unknown, unknown][] & [[unknown, unknown], [unknown, unknown]];
    const known = new Set(skus.filter((_, i) => inCatalog[i]?.[1] === 1));
    const rest = skus.filter((s) => !known.has(s));
    if (rest.length) {
      const warehouses = whs as string[];
      const resolved = rest.map((s) => (aliases as (string | null)[])[skus.indexOf(s)] ?? s);
      const second = redis.pipeline();
      for (const sku of resolved) {
        second.hexists(keys.catalog, sku);
        for (const w of warehouses) second.hexists(keys.stockOnHand(w), sku);
      }
      const found = ((await second.exec()) ?? []).map(([, v]) => v === 1);
      const per = 1 + warehouses.length;
      rest.forEach((sku, i) => found.slice(i * per, (i + 1) * per).some(Boolean) && known.add(sku));
    }
    return inputs.map((o) =>
      o.lines.some((l) => !known.has(l.sku))
        ? { ...o, lines: o.lines.map((l) => (known.has(l.sku) ? l : { ...l, unknownSku: true })) }
        : o,
    );
  }
}

function platformStatus(input: OrderInput): OrderStatus | undefined {
  const s = input.sourceData?.[SOURCE_HUB_STATUS];
  return typeof s === 'string' && (ORDER_STATUSES as readonly string[]).includes(s) ? (s as OrderStatus) : undefined;
}
