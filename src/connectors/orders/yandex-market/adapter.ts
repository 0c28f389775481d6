import type { ConnectorDeps, InboundRequest, OrdersAdapter, PullResult } from '../../../core/connectors/contract.js';
import type { OrderInput } from '../../../core/model/index.js';
import { isConnectorError, ProblemError } from '../../../core/errors.js';
import { cancelPath, toCancelRequest } from './cancel.js';
import { createMarketClient } from './client.js';
import type { YandexMarketConfig } from './config.js';
import { checkNotificationToken, notificationErrorResponse, notificationOkResponse, parseNotification, type MarketNotification } from './notification.js';
import { parseGetOrderResponse, parseOrdersPage } from './orders.js';
import { decodeCursor, encodeCursor, nextWindowCursor, toOrdersQuery, windowOf } from './pull.js';

/** What the hub's notification route needs to answer Market: the status, the body, and the event. */
export interface NotificationOutcome {
  status: 200 | 400;
  body: unknown;
  notification: MarketNotification;
}

export interface YandexMarketAdapter extends OrdersAdapter {
  /** Checks the optional URL token and parses the notification; never calls Market (PING must answer in 1 s). */
  notification(req: InboundRequest): NotificationOutcome;
  getOrder(orderId: string, signal?: AbortSignal): Promise<OrderInput>;
  /** Cancels with substatus SHOP_FAILED; `reason` is for the hub's logs only (Market takes none). */
  cancelOrder(orderId: string, reason: string, signal?: AbortSignal): Promise<void>;
}

export function createYandexMarketAdapter(config: YandexMarketConfig, deps: ConnectorDeps): YandexMarketAdapter {
  const client = createMarketClient(config, deps);
  const campaign = `/v2/campaigns/${config.campaignId}`;

  const getOrder = async (orderId: string, signal?: AbortSignal) => {
    const body = await client.call({ method: 'GET', path: `${campaign}/orders/${encodeURIComponent(orderId)}`, signal });
    return parseGetOrderResponse(body, deps.connectorId, config.campaignId);
  };

  const notify = (req: InboundRequest, verified: boolean): NotificationOutcome => {
    if (!verified) checkNotificationToken(req, config.notificationToken);
    const started = deps.clock.now();
    const n = parseNotification(req.body);
    if (n.kind === 'invalid') return { status: 400, body: n.response, notification: n };
    if ('campaignId' in n && n.campaignId !== config.campaignId) {
      // Cabinet-level notifications cover every store of the cabinet; other campaigns are not ours.
      return { status: 200, body: notificationOkResponse(started), notification: { kind: 'ignored', notificationType: n.kind } };
    }
    return { status: 200, body: notificationOkResponse(started), notification: n };
  };
  const notification = (req: InboundRequest) => notify(req, false);

  /** A notification served at /yandex-market/:id/notification: the order is read back before answering. */
  const handlePush: OrdersAdapter['handlePush'] = async (action, req, signal, opts) => {
    if (action !== 'notification') return { reply: { status: 404, body: notificationErrorResponse('UNKNOWN', `no '${action}' endpoint; Market calls /notification`) } };
    const out = notify(req, opts?.verified ?? false);
    const n = out.notification;
    if (n.kind === 'invalid') return { reply: { status: out.status, body: out.body }, unmappable: `Yandex Market notification: ${n.message}` };
    if (n.kind === 'PING' || n.kind === 'ignored') return { reply: { status: out.status, body: out.body } };
    const failureReply = { status: 500, body: notificationErrorResponse('UNKNOWN', `the hub could not take order ${n.orderId} in; please retry`) };
    try {
      const order = await getOrder(n.orderId, signal);
      return { reply: { status: out.status, body: out.body }, orders: [order], failureReply };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      deps.logger.warn({ connectorId: deps.connectorId, orderId: n.orderId, err: message }, 'Yandex Market order could not be read; Market will retry the notification');
      const unreadable = isConnectorError(err) && err.code === 'bad_response';
      return { reply: { status: 500, body: notificationErrorResponse('UNKNOWN', `order ${n.orderId} could not be read from the Partner API`) }, ...(unreadable ? { unmappable: message } : {}) };
    }
  };

  const cancelOrder = async (orderId: string, reason: string, signal?: AbortSignal) => {
    deps.logger.info({ connectorId: deps.connectorId, orderId, reason }, 'cancelling Yandex Market order as SHOP_FAILED');
    await client.call({ method: 'PUT', path: cancelPath(config.campaignId, orderId), json: toCancelRequest(), signal });
  };

  return {
    notification,
    getOrder,
    handlePush,
    cancelOrder,
    // Market expects the shop to accept or refuse a new order at once (DESIGN.md: confirmation).
    reserveOnIntake: true,
    cancelAtSource: cancelOrder,
    pullEveryMs: config.pullIntervalSeconds * 1000,

    async parsePush(req, opts) {
      const { notification: n } = notify(req, opts?.verified ?? false);
      if (n.kind === 'invalid') {
        throw new ProblemError(400, 'invalid_notification', 'Invalid notification', `Yandex Market notification: ${n.message}`, { body: n.response });
      }
      if (n.kind === 'PING' || n.kind === 'ignored') return [];
      return [await getOrder(n.orderId)];
    },

    async pull(cursor, signal): Promise<PullResult> {
      const now = deps.clock.now();
      const c = decodeCursor(cursor, now, config.initialLookbackDays);
      const w = windowOf(c, now);
      const orders: OrderInput[] = [];
      let pageToken = c.pageToken;
      for (let page = 0; page < config.pagesPerPull; page++) {
        const body = await client.call({ method: 'GET', path: `${campaign}/orders`, query: toOrdersQuery(w, pageToken, config.includeFake), signal });
        const parsed = parseOrdersPage(body, deps.connectorId, config.campaignId);
        orders.push(...parsed.orders);
        pageToken = parsed.orders.length ? parsed.nextPageToken : undefined;
        if (!pageToken) {
          const next = nextWindowCursor(w, now);
          return { orders, cursor: encodeCursor(next.cursor), more: next.more };
        }
      }
      return { orders, cursor: encodeCursor({ ...w, pageToken }), more: true };
    },

    async test(signal) {
      try {
        await client.call({ method: 'GET', path: `${campaign}/orders`, query: { limit: 1 }, signal });
        return { ok: true, detail: `Yandex Market campaign ${config.campaignId} is reachable with this Api-Key` };
      } catch (e) {
        return { ok: false, detail: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}


