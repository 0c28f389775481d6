import { createRoute, z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { requireScope } from '../core/auth/middleware.js';
import { isConnectorError, ProblemError } from '../core/errors.js';
import type { Hub } from '../core/hub.js';
import { applyTrackUpdate } from '../core/shipments/tracking-job.js';
import { bearer, commonErrors, inboundRequest, json, notFound, router } from './common.js';

/** The path a courier pushes statuses to; the subscription adds the connector's token. */
export const courierWebhookPath = (connectorId: string) => `/webhooks/couriers/${encodeURIComponent(connectorId)}`;

/**
 * Courier status pushes (CDEK ORDER_STATUS). A push is applied like a polled status, so a repeat
 * or a push that arrives after the poll changes nothing; polling stays as the backstop, since CDEK
 * never redelivers a push the hub missed.
 */
export function courierWebhookRoutes(hub: Hub) {
  const app = new Hono();
  app.post('/webhooks/couriers/:connectorId', async (c) => {
    const id = c.req.param('connectorId');
    const inst = await hub.connectors.instance(id, 'courier').catch(() => undefined);
    if (!inst?.enabled || !inst.adapter.parseWebhook) throw new ProblemError(404, 'not_found', 'Not found', `no enabled courier connector '${id}' takes webhooks`);
    const updates = await inst.adapter.parseWebhook(await inboundRequest(c));
    let applied = 0;
    for (const u of updates) if (await applyTrackUpdate(hub, u)) applied++;
    if (updates.length) hub.logger.info({ connectorId: id, received: updates.length, applied }, 'courier webhook applied');
    // 200 for shipments the hub does not know too: CDEK drops a subscription whose URL keeps failing.
    return c.json({ received: updates.length, applied }, 200);
  });
  return app;
}

export function courierWebhookAdminRoutes(hub: Hub) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'post', path: '/v1/admin/connectors/{id}/webhook-subscription', tags: ['admin'], security: bearer,
      summary: "Subscribe a courier's status pushes to this hub",
      description: 'The hub asks the courier (CDEK: POST /v2/webhooks, type ORDER_STATUS) to push statuses to `<publicBaseUrl>/webhooks/couriers/<id>` with the connector\'s secret token.',
      middleware: [requireScope(hub.apiKeys, 'admin')] as const,
      request: {
        params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }),
        body: { content: { 'application/json': { schema: z.object({ publicBaseUrl: z.url().describe('The address the courier reaches this hub at, e.g. https://hub.example.ru') }) } }, required: true },
      },
      responses: { 201: json(z.object({ subscriptionId: z.string(), url: z.string() }), 'Subscribed'), ...commonErrors, ...notFound },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const inst = await hub.connectors.instance(id, 'courier');
      if (!inst.adapter.subscribeWebhook) throw new ProblemError(409, 'not_supported', 'Conflict', `connector '${id}' (${inst.type}) has no status webhooks; its shipments are polled`);
      const url = `${c.req.valid('json').publicBaseUrl.replace(/\/+$/, '')}${courierWebhookPath(id)}`;
      const subscriptionId = await inst.adapter.subscribeWebhook(url, AbortSignal.timeout(30_000)).catch((err: unknown) => {
        if (!isConnectorError(err)) throw err;
        throw err.code === 'config' ? new ProblemError(409, 'connector_config', 'Conflict', err.message) : new ProblemError(502, 'courier_error', 'Bad gateway', err.message);
      });
      hub.logger.info({ connectorId: id, subscriptionId, url }, 'courier webhook subscribed');
      return c.json({ subscriptionId, url }, 201);
    },
  );
  return app;
}
