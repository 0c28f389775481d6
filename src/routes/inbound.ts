import { Hono, type Context } from 'hono';
import type { InboundRequest } from '../core/connectors/contract.js';
import { ProblemError } from '../core/errors.js';
import type { Hub } from '../core/hub.js';
import { receivePlatformPush, receivePush } from '../core/orders/inbound.js';
import type { Env } from './common.js';

/** The request as adapters see it; the body raw, so signatures are checked over the exact bytes. */
async function inboundRequest(c: Context): Promise<InboundRequest> {
  return {
    method: c.req.method,
    headers: Object.fromEntries(c.req.raw.headers),
    query: c.req.query(),
    body: c.req.method === 'GET' ? '' : await c.req.text(),
  };
}

/**
 * A Bearer API key with the `orders` scope vouches for a push. A Bearer value that is no API key
 * may be the source's own token (some CPA networks send it that way): the adapter decides then.
 */
async function apiKeyVouches(hub: Hub, c: Context): Promise<boolean> {
  const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  if (!m) return false;
  const key = await hub.apiKeys.authenticate(m[1]!);
  if (!key) return false;
  if (!key.scopes.includes('orders')) throw new ProblemError(403, 'missing_scope', 'Forbidden', "this API key lacks the 'orders' scope");
  return true;
}

/**
 * Orders pushed to the hub: `/v1/inbound/:connectorId` for CPA leads and sites (JSON, form or a
 * GET postback), and the marketplaces' own endpoints, answered the way each platform expects.
 */
export function inboundRoutes(hub: Hub) {
  const app = new Hono<Env>();

  app.on(['POST', 'GET'], '/v1/inbound/:connectorId', async (c) => {
    const req = await inboundRequest(c);
    const summary = await receivePush(hub, c.req.param('connectorId'), req, await apiKeyVouches(hub, c));
    const orders = summary.results.map((r) => ({ id: r.order.id, externalId: r.order.externalId, status: r.order.status, created: r.created }));
    return c.json({ orders }, summary.created > 0 ? 201 : 200);
  });

  app.post('/yandex-market/:connectorId/notification', async (c) => {
    const reply = await receivePlatformPush(hub, 'yandex-market', c.req.param('connectorId'), 'notification', await inboundRequest(c));
    return c.json(reply.body as object, reply.status as 200);
  });

  app.post('/ozon/:connectorId/push', async (c) => {
    const reply = await receivePlatformPush(hub, 'ozon', c.req.param('connectorId'), 'push', await inboundRequest(c));
    return c.json(reply.body as object, reply.status as 200);
  });

  return app;
}
