import { createRoute, z } from '@hono/zod-openapi';
import { requireScope } from '../core/auth/middleware.js';
import type { Hub } from '../core/hub.js';
import { Warehouse } from '../core/model/index.js';
import { validationProblem } from '../core/http/problem.js';
import { body, commonErrors, conflict, json, notFound, router, bearer } from './common.js';

const IdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });

export function adminWarehouseRoutes(hub: Hub) {
  const app = router();
  const admin = requireScope(hub.apiKeys, 'admin');
  const tags = ['admin'];

  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/warehouses', tags, security: bearer, summary: 'Warehouses', middleware: [admin] as const, responses: { 200: json(z.array(Warehouse), 'Warehouses'), ...commonErrors } }),
    async (c) => c.json(await hub.warehouses.list(), 200),
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/v1/admin/warehouses/{id}', tags, security: bearer, summary: 'Create or replace a warehouse',
      middleware: [admin] as const, request: { params: IdParam, body: body(Warehouse.omit({ id: true })) },
      responses: { 200: json(Warehouse, 'Replaced'), 201: json(Warehouse, 'Created'), ...commonErrors },
    }),
    async (c) => {
      const parsed = Warehouse.safeParse({ ...c.req.valid('json'), id: c.req.valid('param').id });
      if (!parsed.success) throw validationProblem(parsed.error, 'warehouse');
      const w = parsed.data;
      const { created } = await hub.warehouses.put(w);
      return c.json(w, created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/v1/admin/warehouses/{id}', tags, security: bearer, summary: 'Remove a warehouse (refused while stock or reservations refer to it)',
      middleware: [admin] as const, request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...commonErrors, ...notFound, ...conflict('Stock or reservations still refer to it') },
    }),
    async (c) => {
      await hub.warehouses.delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  return app;
}
