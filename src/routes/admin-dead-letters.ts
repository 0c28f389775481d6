import { createRoute, z } from '@hono/zod-openapi';
import { requireScope } from '../core/auth/middleware.js';
import { NotFoundError } from '../core/errors.js';
import type { Hub } from '../core/hub.js';
import { DeadLetterStore } from '../core/orders/dead-letters.js';
import { replayDeadLetter } from '../core/orders/inbound.js';
import { bearer, commonErrors, conflict, json, notFound, problemResponse, router } from './common.js';

const IdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });
const DeadLetterView = z
  .object({
    id: z.string(),
    connectorId: z.string(),
    origin: z.enum(['push', 'pull', 'intake']),
    at: z.string(),
    reason: z.string(),
    externalId: z.string().optional(),
    action: z.string().optional(),
    request: z.object({ method: z.string(), headers: z.record(z.string(), z.string()), query: z.record(z.string(), z.string()), body: z.string() }).optional(),
    payload: z.unknown().optional(),
    attempts: z.number().int(),
  })
  .openapi('DeadLetter');

/** `/v1/admin/dead-letters`: payloads the hub could not map, to read, replay after a fix, or drop. */
export function adminDeadLetterRoutes(hub: Hub) {
  const app = router();
  const admin = requireScope(hub.apiKeys, 'admin');
  const store = new DeadLetterStore(hub.redis, hub.keys);
  const tags = ['admin'];

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/admin/dead-letters', tags, security: bearer, summary: 'Payloads that could not be mapped, oldest first',
      middleware: [admin] as const,
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().optional().openapi({ description: '`nextCursor` of the previous page' }),
          connectorId: z.string().optional(),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(DeadLetterView), nextCursor: z.string().nullable() }), 'A page of dead letters'), ...commonErrors, ...conflict('Stale cursor') },
    }),
    async (c) => c.json(await store.list(c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/dead-letters/{id}', tags, security: bearer, summary: 'One dead letter', middleware: [admin] as const, request: { params: IdParam }, responses: { 200: json(DeadLetterView, 'The dead letter'), ...commonErrors, ...notFound } }),
    async (c) => {
      const dl = await store.get(c.req.valid('param').id);
      if (!dl) throw new NotFoundError('dead letter', c.req.valid('param').id);
      return c.json(dl, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/admin/dead-letters/{id}/replay', tags, security: bearer,
      summary: 'Run a dead letter through its connector again; removed when its orders are taken in',
      middleware: [admin] as const, request: { params: IdParam },
      responses: {
        200: json(z.object({ deadLetterId: z.string(), orders: z.array(z.string()), created: z.number().int() }), 'Replayed and removed'),
        ...commonErrors, ...notFound, ...conflict('The connector cannot map one record again'), 422: problemResponse('Still cannot be mapped; kept with the new reason'),
      },
    }),
    async (c) => c.json(await replayDeadLetter(hub, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({ method: 'delete', path: '/v1/admin/dead-letters/{id}', tags, security: bearer, summary: 'Drop a dead letter', middleware: [admin] as const, request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...commonErrors, ...notFound } }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await store.remove(id))) throw new NotFoundError('dead letter', id);
      return c.body(null, 204);
    },
  );

  return app;
}
