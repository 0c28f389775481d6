import type { PullResult } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { NewOrdersResponse, OrdersResponse, StatusResponse, WbOrder, type WbStatus } from './api.js';
import type { WildberriesConfig } from './config.js';
import { listFrom, type Window } from './cursor.js';
import { mapOrder, type MapContext } from './map.js';

export const PATHS = { new: '/api/v3/orders/new', list: '/api/v3/orders', status: '/api/v3/orders/status' } as const;
const STATUS_BATCH = 1000;

/** An order that could not become a canonical one: for the hub's dead-letter list. */
export interface RejectedOrder {
  externalId: string | undefined;
  reason: string;
  payload: unknown;
}

/** `PullResult` plus the orders that could not be mapped (see README: contract note). */
export interface WbPullResult extends PullResult {
  rejected: RejectedOrder[];
}

/** Query of `GET /api/v3/orders` for the current page of a window. */
export function toListQuery(win: Window, config: WildberriesConfig): Record<string, number> {
  return { limit: config.pageSize, next: win.next, dateFrom: listFrom(win, config), dateTo: win.to };
}

/** Bodies of `POST /api/v3/orders/status`, at most 1000 ids each. */
export function toStatusRequests(ids: number[]): { orders: number[] }[] {
  const out: { orders: number[] }[] = [];
  for (let i = 0; i < ids.length; i += STATUS_BATCH) out.push({ orders: ids.slice(i, i + STATUS_BATCH) });
  return out;
}

export function parseNewResponse(json: unknown): unknown[] {
  const r = NewOrdersResponse.safeParse(json);
  if (!r.success) throw new ConnectorError('bad_response', `Wildberries ${PATHS.new} answer has no orders array: ${JSON.stringify(json)?.slice(0, 200)}`);
  return r.data.orders;
}

export function parseListResponse(json: unknown): { orders: unknown[]; next: number | undefined } {
  const r = OrdersResponse.safeParse(json);
  if (!r.success) throw new ConnectorError('bad_response', `Wildberries ${PATHS.list} answer has no orders array: ${JSON.stringify(json)?.slice(0, 200)}`);
  return { orders: r.data.orders, next: r.data.next ?? undefined };
}

export function parseStatusResponse(json: unknown): WbStatus[] {
  const r = StatusResponse.safeParse(json);
  if (!r.success) throw new ConnectorError('bad_response', `Wildberries ${PATHS.status} answer is not a list of statuses: ${JSON.stringify(json)?.slice(0, 200)}`);
  return r.data.orders;
}

/** Ids of the raw orders that look like orders, for the status request. */
export function idsOf(raw: unknown[]): number[] {
  return raw.map((o) => (o as { id?: unknown } | null)?.id).filter((id): id is number => Number.isSafeInteger(id));
}

/** Maps a page; orders that cannot be mapped are returned beside the good ones, never dropped. */
export function mapPage(raw: unknown[], statuses: WbStatus[], ctx: MapContext): Pick<WbPullResult, 'orders' | 'rejected'> {
  const byId = new Map(statuses.map((s) => [s.id, s]));
  const orders: WbPullResult['orders'] = [];
  const rejected: RejectedOrder[] = [];
  for (const item of raw) {
    const wire = WbOrder.safeParse(item);
    if (!wire.success) {
      const id = (item as { id?: unknown } | null)?.id;
      const issues = wire.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      rejected.push({ externalId: id != null ? String(id) : undefined, reason: `Wildberries order does not match the API shape: ${issues}`, payload: item });
      continue;
    }
    const out = mapOrder(wire.data, byId.get(wire.data.id), ctx);
    if (out.ok) orders.push(out.order);
    else rejected.push({ externalId: out.externalId, reason: out.reason, payload: item });
  }
  return { orders, rejected };
}
