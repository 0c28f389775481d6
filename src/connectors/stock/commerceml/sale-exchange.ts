import type { Order } from '../../../core/model/index.js';
import { bad } from './decode.js';
import { answer, type ExchangeContext, type ExchangeRequest, type ExchangeResponse } from './exchange.js';
import { buildOrdersDocument, parseOrderUpdates, type OrderUpdate } from './sale.js';
import { scanCml } from './scan.js';
import type { ExchangeSession } from './store.js';
import { isZip, unpackZip } from './zip.js';

/** What the lead's order core implements for `type=sale`. */
export interface SaleHook {
  /** Orders confirmed in the hub and not yet acknowledged by this 1C. */
  ordersToExport(): Promise<Order[]>;
  /** Called on `mode=success` with the ids sent by the session's last `mode=query`. */
  markExported(orderIds: string[]): Promise<void>;
  /** Order changes 1C sent with `mode=file`. */
  applyOrderUpdates(updates: OrderUpdate[]): Promise<void>;
  /** The 1C Ид of each SKU whose catalog item came from 1C (1C matches order lines by Ид). */
  oneCIds(skus: string[]): Promise<Map<string, string>>;
}

export async function saleQuery(ctx: ExchangeContext, s: ExchangeSession): Promise<ExchangeResponse> {
  if (!ctx.sale) throw bad('order export to 1C is not enabled in this hub');
  const orders = await ctx.sale.ordersToExport();
  const bySku = await ctx.sale.oneCIds([...new Set(orders.flatMap((o) => o.lines.map((l) => l.sku)))]);
  const body = buildOrdersDocument(orders, { encoding: ctx.config.saleEncoding, now: ctx.clock.now(), oneCId: (sku) => bySku.get(sku) });
  await ctx.store.saveSession({ ...s, queriedOrderIds: orders.map((o) => o.id) });
  return { status: 200, body, headers: { 'content-type': `application/xml; charset=${ctx.config.saleEncoding}` } };
}

export async function saleFile(req: ExchangeRequest, ctx: ExchangeContext): Promise<ExchangeResponse> {
  if (!ctx.sale) throw bad('order updates from 1C are not enabled in this hub');
  if (req.body.length > ctx.config.fileLimitBytes) throw bad(`orders file is over the limit of ${ctx.config.fileLimitBytes} bytes`);
  const files = isZip(req.body) ? unpackZip(req.body, ctx.config.fileLimitBytes).map((f) => f.data) : [req.body];
  const updates: OrderUpdate[] = [];
  for (const f of files) updates.push(...parseOrderUpdates((await scanCml(f)).documents));
  if (updates.length) await ctx.sale.applyOrderUpdates(updates);
  return answer('success', `${updates.length} order updates`);
}
