import { defineOrdersSource, type ConnectorDeps, type ConnectorTestResult, type OrdersAdapter } from '../../../core/connectors/contract.js';
import { ConnectorError, isConnectorError, ProblemError } from '../../../core/errors.js';
import { createWbClient, type WbClient } from './client.js';
import { wildberriesConfig, type WildberriesConfig } from './config.js';
import { afterWindow, decodeCursor, inWindow, openWindow } from './cursor.js';
import { idsOf, mapPage, parseListResponse, parseNewResponse, parseStatusResponse, PATHS, toListQuery, toStatusRequests, type WbPullResult } from './orders.js';
import type { WbStatus } from './api.js';

export type { WbPullResult, RejectedOrder } from './orders.js';

async function statusesOf(client: WbClient, raw: unknown[], signal: AbortSignal): Promise<WbStatus[]> {
  const out: WbStatus[] = [];
  for (const body of toStatusRequests(idsOf(raw))) out.push(...parseStatusResponse(await client.post(PATHS.status, body, signal)));
  return out;
}

/** One step per call: the `new` phase of a window, or one page of its `list` phase. */
async function pull(client: WbClient, config: WildberriesConfig, deps: ConnectorDeps, raw: string | undefined, signal: AbortSignal): Promise<WbPullResult> {
  const now = deps.clock.now();
  const win = openWindow(decodeCursor(raw), now, config);
  const ctx = { source: deps.connectorId, defaultCountry: config.defaultCountry, warehouseMap: config.warehouseMap };
  let items: unknown[];
  let position: { cursor: string; more: boolean };
  if (win.phase === 'new') {
    items = parseNewResponse(await client.get(PATHS.new, {}, signal));
    position = inWindow(win, 'list', 0);
  } else {
    const page = parseListResponse(await client.get(PATHS.list, toListQuery(win, config), signal));
    items = page.orders;
    if (page.orders.length < config.pageSize) position = afterWindow(win, now, config);
    else if (page.next === undefined || page.next === win.next) throw new ConnectorError('bad_response', `Wildberries ${PATHS.list} returned a full page without a new next position`);
    else position = inWindow(win, 'list', page.next);
  }
  const { orders, rejected } = mapPage(items, items.length ? await statusesOf(client, items, signal) : [], ctx);
  if (rejected.length) deps.logger.warn({ connectorId: deps.connectorId, rejected: rejected.map((r) => r.externalId) }, 'Wildberries orders could not be mapped');
  return { orders, rejected, ...position };
}

/** The adapter, typed with the extras the registry's contract does not name (`rejected`). */
export type WbAdapter = OrdersAdapter & {
  pull(cursor: string | undefined, signal: AbortSignal): Promise<WbPullResult>;
  test(signal: AbortSignal): Promise<ConnectorTestResult>;
};

export function createWbAdapter(config: WildberriesConfig, deps: ConnectorDeps): WbAdapter {
  const client = createWbClient(config, deps);
  return {
    pull: (cursor, signal) => pull(client, config, deps, cursor, signal),
    pullEveryMs: config.pullIntervalSeconds * 1000,
    async remap(payload, signal) {
      const ctx = { source: deps.connectorId, defaultCountry: config.defaultCountry, warehouseMap: config.warehouseMap };
      const { orders, rejected } = mapPage([payload], await statusesOf(client, [payload], signal), ctx);
      if (rejected.length) throw new ProblemError(422, 'unmappable_payload', 'Payload cannot be mapped', rejected.map((r) => r.reason).join('; '));
      return orders;
    },
    async test(signal) {
      const nowS = Math.floor(deps.clock.now().getTime() / 1000);
      try {
        const page = parseListResponse(await client.get(PATHS.list, { limit: 1, next: 0, dateFrom: nowS - 86_400, dateTo: nowS }, signal));
        return { ok: true, detail: `Wildberries marketplace API answered; ${page.orders.length ? 'orders' : 'no orders'} in the last 24 h` };
      } catch (err) {
        if (isConnectorError(err)) return { ok: false, detail: err.code === 'auth' ? `Wildberries refused the token: ${err.message}` : err.message };
        throw err;
      }
    },
  };
}

export const wildberries = defineOrdersSource<WildberriesConfig>({
  type: 'wildberries',
  title: 'Wildberries marketplace API (FBS orders)',
  configSchema: wildberriesConfig,
  secretFields: ['token'],
  create: createWbAdapter,
});
