import { createRoute, z } from '@hono/zod-openapi';
import { requireScope } from '../core/auth/middleware.js';
import { EventDispatcher } from '../core/events/dispatcher.js';
import type { Hub } from '../core/hub.js';
import { commonErrors, json, notFound, router, bearer } from './common.js';

const Entry = z.object({ eventId: z.string(), type: z.string(), orderId: z.string().optional(), outcome: z.enum(['delivered', 'failed', 'given_up']), attempt: z.number().int(), at: z.string(), error: z.string().optional() }).openapi('DeliveryLogEntry');

export function adminDeliveryRoutes(hub: Hub) {
  const app = router();
  const log = new EventDispatcher(hub);
  app.openapi(
    createRoute({
      method: 'get', path: '/v1/admin/connectors/{id}/deliveries', tags: ['admin'], security: bearer,
      summary: 'Delivery log of a CRM connector (newest first)',
      middleware: [requireScope(hub.apiKeys, 'admin')] as const,
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }), query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
      responses: { 200: json(z.array(Entry), 'Deliveries'), ...commonErrors, ...notFound },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await hub.connectors.get(id);
      return c.json(await log.log(id, c.req.valid('query').limit), 200);
    },
  );
  return app;
}
