import { createRoute, z } from '@hono/zod-openapi';
import { requireScope } from '../core/auth/middleware.js';
import type { Hub } from '../core/hub.js';
import { HubEvent } from '../core/model/index.js';
import { commonErrors, json, router, bearer } from './common.js';

export function eventRoutes(hub: Hub) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'get', path: '/v1/events', tags: ['events'], security: bearer,
      summary: 'Pull the event log, oldest first, after a cursor',
      middleware: [requireScope(hub.apiKeys, 'orders')] as const,
      request: {
        query: z.object({
          after: z.string().regex(/^\d+-\d+$/, 'must be an event id such as 1732300000000-0').optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      responses: { 200: json(z.object({ events: z.array(HubEvent), cursor: z.string().nullable() }), 'Events and the cursor to pass next'), ...commonErrors },
    }),
    async (c) => {
      const { after, limit } = c.req.valid('query');
      return c.json(await hub.events.read(after, limit), 200);
    },
  );
  return app;
}
