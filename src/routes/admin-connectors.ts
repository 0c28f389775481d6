import { createRoute, z } from '@hono/zod-openapi';
import { requireScope } from '../core/auth/middleware.js';
import { ConflictError, ValidationError } from '../core/errors.js';
import type { Hub } from '../core/hub.js';
import { ConnectorBody } from '../core/connectors/service.js';
import { body, commonErrors, conflict, json, notFound, router, bearer } from './common.js';
import { PullStateStore, runPull } from '../core/orders/pull.js';
import { syncPullSchedulesSoon } from '../core/orders/pull-job.js';

const IdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });
const ConnectorBodySchema = ConnectorBody.openapi('ConnectorBody');
const ConnectorView = z
  .object({ id: z.string(), type: z.string(), kind: z.string(), enabled: z.boolean(), config: z.record(z.string(), z.unknown()), createdAt: z.string(), updatedAt: z.string() })
  .openapi('Connector');
const PullStateView = z
  .object({ lastPullAt: z.string().nullable(), cursor: z.string().nullable(), lastError: z.string().nullable(), lastErrorAt: z.string().nullable() })
  .openapi('PullState');
const ConnectorWithState = ConnectorView.extend({ state: PullStateView.optional().openapi({ description: 'Orders connectors: their pulls' }) }).openapi('ConnectorWithState');
const PullOutcomeView = z
  .object({ status: z.enum(['done', 'busy']), pages: z.number().int(), orders: z.number().int(), created: z.number().int(), deadLettered: z.number().int(), cursor: z.string().nullable() })
  .openapi('PullOutcome');
const ConnectorType = z.object({ type: z.string(), kind: z.string(), title: z.string(), secretFields: z.array(z.string()), configSchema: z.record(z.string(), z.unknown()) }).openapi('ConnectorType');

export function adminConnectorRoutes(hub: Hub) {
  const app = router();
  const admin = requireScope(hub.apiKeys, 'admin');
  const tags = ['admin'];
  const pullStates = new PullStateStore(hub.redis, hub.keys);

  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/connector-types', tags, security: bearer, summary: 'Connector types with their config schemas (JSON Schema)', middleware: [admin] as const, responses: { 200: json(z.array(ConnectorType), 'Types'), ...commonErrors } }),
    (c) => c.json(hub.connectors.registry.describe() as z.infer<typeof ConnectorType>[], 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/connectors', tags, security: bearer, summary: 'Configured connectors (secrets shown as "***")', middleware: [admin] as const, responses: { 200: json(z.array(ConnectorView), 'Connectors'), ...commonErrors } }),
    async (c) => c.json(await hub.connectors.list(), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/admin/connectors', tags, security: bearer, summary: 'Add a connector (takes effect at once)',
      middleware: [admin] as const, request: { body: body(ConnectorBodySchema) },
      responses: { 201: json(ConnectorView, 'Created'), ...commonErrors, ...conflict('A connector with this id exists') },
    }),
    async (c) => {
      const view = await hub.connectors.create(c.req.valid('json'), hub.clock.now());
      hub.logger.info({ connectorId: view.id, type: view.type }, 'connector added');
      if (view.kind === 'orders') await syncPullSchedulesSoon(hub);
      return c.json(view, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/connectors/{id}', tags, security: bearer, summary: 'One connector (orders connectors with their pull state)', middleware: [admin] as const, request: { params: IdParam }, responses: { 200: json(ConnectorWithState, 'Connector'), ...commonErrors, ...notFound } }),
    async (c) => {
      const view = await hub.connectors.get(c.req.valid('param').id);
      return c.json(view.kind === 'orders' ? { ...view, state: await pullStates.read(view.id) } : view, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/admin/connectors/{id}/sync', tags, security: bearer, summary: 'Pull an orders connector now (after fixing its config)',
      middleware: [admin] as const, request: { params: IdParam },
      responses: { 200: json(PullOutcomeView, 'Pulled'), ...commonErrors, ...notFound, ...conflict('The connector cannot pull, or a pull of it is running') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const outcome = await runPull(hub, id);
      if (outcome.status === 'busy') throw new ConflictError('pull_running', `a pull of connector '${id}' is running; its result shows on GET /v1/admin/connectors/${id}`);
      return c.json(outcome, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/v1/admin/connectors/{id}', tags, security: bearer,
      summary: 'Create or replace a connector; a secret sent as "***" keeps its stored value',
      middleware: [admin] as const, request: { params: IdParam, body: body(ConnectorBodySchema) },
      responses: { 200: json(ConnectorView, 'Replaced'), 201: json(ConnectorView, 'Created'), ...commonErrors, ...conflict('The type cannot change') },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const { id } = c.req.valid('param');
      if (input.id !== id) throw new ValidationError(`body id '${input.id}' differs from the path id '${id}'`, [{ path: 'id', message: 'must equal the id in the path' }]);
      const { view, created } = await hub.connectors.put(input, hub.clock.now());
      hub.logger.info({ connectorId: id, type: view.type, created }, 'connector saved');
      if (view.kind === 'orders') await syncPullSchedulesSoon(hub);
      return c.json(view, created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: '/v1/admin/connectors/{id}', tags, security: bearer, summary: 'Remove a connector', middleware: [admin] as const, request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...commonErrors, ...notFound } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { kind } = await hub.connectors.get(id);
      await hub.connectors.delete(id);
      if (kind === 'orders') {
        await pullStates.clear(id);
        await syncPullSchedulesSoon(hub);
      }
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/admin/connectors/{id}/test', tags, security: bearer, summary: 'Check credentials and reachability, without side effects',
      middleware: [admin] as const, request: { params: IdParam },
      responses: { 200: json(z.object({ ok: z.boolean(), detail: z.string() }), 'Test outcome'), ...commonErrors, ...notFound },
    }),
    async (c) => c.json(await hub.connectors.test(c.req.valid('param').id, AbortSignal.timeout(15_000)), 200),
  );

  return app;
}
