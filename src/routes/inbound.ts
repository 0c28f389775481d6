import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bearerKey } from '../core/auth/middleware.js';
import { ProblemError } from '../core/errors.js';
import type { Hub } from '../core/hub.js';
import { receivePlatformPush, receivePush } from '../core/orders/inbound.js';
import { bearer, inboundRequest, json, problemResponse, router } from './common.js';

const ConnectorParam = z.object({ connectorId: z.string().openapi({ param: { name: 'connectorId', in: 'path' } }) });
const Accepted = z.object({ orders: z.array(z.object({ id: z.string(), externalId: z.string(), status: z.string(), created: z.boolean() })) }).openapi('InboundAccepted');
const Raw = { content: { 'application/json': { schema: z.unknown() }, 'application/x-www-form-urlencoded': { schema: z.unknown() } } };

/**
 * A Bearer API key with the `orders` scope vouches for a push. A Bearer value that is no API key
 * may be the source's own token (some CPA networks send it that way): the adapter decides then.
 */
async function apiKeyVouches(hub: Hub, c: Context): Promise<boolean> {
  const presented = bearerKey(c.req.header('authorization'));
  if (!presented) return false;
  const key = await hub.apiKeys.authenticate(presented);
  if (!key) return false;
  if (!key.scopes.includes('orders')) throw new ProblemError(403, 'missing_scope', 'Forbidden', "this API key lacks the 'orders' scope");
  return true;
}

/**
 * Orders pushed to the hub: `/v1/inbound/:connectorId` for CPA leads and sites (JSON, form or a
 * GET postback), and the marketplaces' own endpoints, answered the way each platform expects.
 */
export function inboundRoutes(hub: Hub) {
  const app = router();
  // Raw bodies (signatures are checked over the bytes), so the paths are documented, not validated here.
  app.openAPIRegistry.registerPath({
    method: 'post', path: '/v1/inbound/{connectorId}', tags: ['orders'], security: bearer,
    summary: "A CPA lead or site order for an orders connector: the source's token or signature, or an API key with the orders scope",
    request: { params: ConnectorParam, body: Raw },
    responses: {
      201: json(Accepted, 'Taken in'), 200: json(Accepted, 'Already taken in'), 401: problemResponse('Bad token or signature: stored nowhere'),
      403: problemResponse('The API key lacks the orders scope'), 404: problemResponse('No such enabled orders connector'),
      422: problemResponse('Cannot be mapped: kept as a dead letter (`deadLetterId`)'),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'post', path: '/yandex-market/{connectorId}/notification', tags: ['orders'], summary: 'Yandex Market API notifications (answered in the Partner API format)',
    request: { params: ConnectorParam, body: Raw }, responses: { 200: json(z.object({ version: z.string(), name: z.string(), time: z.string() }), 'SendNotificationResponse'), 400: { description: 'WRONG_EVENT_FORMAT' }, 500: { description: 'The order could not be taken in; Market retries' } },
  });
  app.openAPIRegistry.registerPath({
    method: 'post', path: '/ozon/{connectorId}/push', tags: ['orders'], summary: 'Ozon push notifications: TYPE_PING answered, posting changes trigger a pull',
    request: { params: ConnectorParam, body: Raw }, responses: { 200: { description: 'Ozon reply ({result: true} or the ping answer)' }, 400: { description: 'Ozon error shape' }, 403: { description: 'Another seller' } },
  });

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
