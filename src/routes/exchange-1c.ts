import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { ProblemError } from '../core/errors.js';
import type { Hub } from '../core/hub.js';
import { OrderExportLog } from '../core/orders/export.js';
import { stepsTo } from '../core/orders/steps.js';
import type { Order } from '../core/model/index.js';
import { DiskExchangeStore, ThreadImporter, type CmlImporter, type CommercemlAdapter, type OrderUpdate, type SaleHook } from '../connectors/stock/commerceml/index.js';

export interface Exchange1cOptions {
  /** Where uploaded 1C files wait for their import; default a folder in the OS temp dir. */
  dir?: string;
  /** Runs the imports; default a ThreadImporter on the hub's Redis (imports off the API's thread). */
  importer?: CmlImporter;
  /** Heap of the default importer's thread, MB (SVYAZKA_IMPORT_HEAP_MB). */
  importHeapMb?: number;
}

/**
 * `/1c/:connectorId/exchange`: 1C's "Обмен с сайтом" talks to the hub as to a site. The connector
 * speaks the protocol; this route reads the raw body under the connector's own limit and lends it
 * an importer (a thread of its own with its own Redis connection), a file store and the order export. Every answer is text whose first line is
 * success, progress or failure, because 1C reports anything else as an unknown status.
 */
export function exchange1cRoutes(hub: Hub, opts: Exchange1cOptions = {}) {
  const app = new Hono();
  const store = new DiskExchangeStore(opts.dir ?? join(tmpdir(), `svyazka-1c-${hub.keys.prefix}`));
  const importer = opts.importer ?? new ThreadImporter({ redisUrl: hub.redisUrl, keyPrefix: hub.keys.prefix, logger: hub.logger, heapMb: opts.importHeapMb });
  const exports = new OrderExportLog(hub.redis, hub.keys, hub.orders);
  const hooks = new Map<string, SaleHook>();
  const hookFor = (connectorId: string) => {
    let h = hooks.get(connectorId);
    if (!h) hooks.set(connectorId, (h = saleHook(hub, exports, connectorId)));
    return h;
  };

  app.all('/1c/:connectorId/exchange', async (c) => {
    const connectorId = c.req.param('connectorId');
    const inst = await hub.connectors.instance(connectorId, 'stock').catch(() => undefined);
    if (!inst?.enabled || inst.type !== 'commerceml') {
      return failure(c, `no enabled 1C (commerceml) connector '${connectorId.slice(0, 64)}' in the hub; check the exchange URL in 1C`);
    }
    const adapter = inst.adapter as CommercemlAdapter;
    const body = await readBody(c.req.raw, adapter.uploadLimitBytes);
    if (body === 'too-large') return failure(c, `the request body is over the limit of ${adapter.uploadLimitBytes} bytes (fileLimitBytes); nothing was stored`);
    const res = await adapter.handleExchange(
      { method: c.req.method, query: c.req.query(), headers: Object.fromEntries(c.req.raw.headers), body },
      { importer, store, sale: hookFor(connectorId) },
    );
    return c.body(typeof res.body === 'string' ? res.body : (res.body as Uint8Array<ArrayBuffer>), res.status as 200, res.headers);
  });
  return app;
}

/**
 * `failure` with HTTP 200, as every answer of the adapter: 1C reads the reason from the body only
 * when the status is 200, and for any other status shows its operator just the code.
 */
function failure(c: Context, reason: string) {
  return c.body(`failure\n${reason}`, 200, { 'content-type': 'text/plain; charset=utf-8' });
}

/** The body as bytes, stopping as soon as it passes `limit` so a huge upload is never held. */
async function readBody(req: Request, limit: number): Promise<Uint8Array | 'too-large'> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > limit) return 'too-large';
  if (!req.body) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    parts.push(value);
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}

/**
 * Orders for one 1C: confirmed orders it has not taken yet, and its updates moving hub orders
 * along the pipeline. What was sent is remembered per query so `success` acknowledges exactly
 * the state 1C received, not one that changed in between.
 */
function saleHook(hub: Hub, exports: OrderExportLog, connectorId: string): SaleHook {
  const sent = new Map<string, Order>();
  const log = hub.logger.child({ connectorId });
  return {
    async ordersToExport(): Promise<Order[]> {
      const orders = await exports.pending(connectorId);
      sent.clear();
      for (const o of orders) sent.set(o.id, o);
      return orders;
    },
    async markExported(orderIds: string[]): Promise<void> {
      const acked = orderIds.flatMap((id) => (sent.has(id) ? [sent.get(id)!] : []));
      await exports.markExported(connectorId, acked);
      log.info({ orders: acked.length }, 'orders acknowledged by 1C');
    },
    async applyOrderUpdates(updates: OrderUpdate[]): Promise<void> {
      for (const u of updates) await applyUpdate(hub, connectorId, u);
    },
    async oneCIds(skus: string[]): Promise<Map<string, string>> {
      const items = await hub.stock.catalogItems(skus);
      const out = new Map<string, string>();
      items.forEach((it, i) => {
        const id = it?.externalIds?.['1c'];
        if (id) out.set(skus[i]!, id);
      });
      return out;
    },
  };
}

async function applyUpdate(hub: Hub, connectorId: string, u: OrderUpdate): Promise<void> {
  const log = hub.logger.child({ connectorId, orderId: u.id, number: u.number });
  if (u.status === 'unknown') return;
  const order = (u.id ? await hub.orders.find(u.id) : undefined) ?? undefined;
  if (!order) {
    log.info('order update from 1C for an order the hub does not know; ignored');
    return;
  }
  if (order.status === u.status) return;
  const cause = `updated in 1C (${connectorId})${u.statusText ? `: ${u.statusText}` : ''}`;
  let at = order.status;
  try {
    // 1C ships and delivers orders the hub never booked: walk the pipeline to where 1C is, so the
    // reservation is consumed at in_transit as if the hub had made each move.
    for (const step of stepsTo(order.status, u.status)) at = (await hub.workflow.setStatus(order.id, step, cause, hub.clock.now())).status;
  } catch (err) {
    // 1C may be behind or ahead of the hub; an illegal move must not fail the whole exchange.
    if (!(err instanceof ProblemError)) throw err;
    log.warn({ from: at, to: u.status, reason: err.message }, 'order update from 1C not applied');
  }
}
