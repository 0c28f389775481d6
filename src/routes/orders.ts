import { createRoute, z } from '@hono/zod-openapi';
import { requireScope } from '../core/auth/middleware.js';
import { ProblemError, ValidationError } from '../core/errors.js';
import type { Hub } from '../core/hub.js';
import { idempotency } from '../core/http/idempotency.js';
import { IntakeService } from '../core/orders/intake.js';
import { Allocation, Customer, Order, OrderInput, OrderStatus } from '../core/model/index.js';

/** What a site posts: the canonical order, with the buyer's phone required (a site always has it). */
const SiteOrderInput = OrderInput.extend({ customer: Customer.extend({ phone: z.string().min(3).max(40) }) }).openapi('SiteOrderInput');
import { body, commonErrors, conflict, json, notFound, router, bearer, problemResponse } from './common.js';

const ConfirmBody = z
  .object({
    expiresInMinutes: z
      .number().int().min(1).max(43_200).optional()
      .describe('Hold the reservation this long; if the order is still `confirmed` then, it is cancelled and the stock released'),
  })
  .openapi('ConfirmRequest');

const IdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });

export function orderRoutes(hub: Hub) {
  const app = router();
  const orders = requireScope(hub.apiKeys, 'orders');

  // A site may post with its source token instead of an API key (site-webhook `token`).
  const keyOrSourceToken = async (c: Parameters<typeof orders>[0], next: () => Promise<void>) => {
    if (!c.req.header('authorization') && c.req.header('x-source-token')) {
      const raw = await c.req.raw.clone().json().catch(() => undefined) as { source?: unknown } | undefined;
      const source = typeof raw?.source === 'string' ? raw.source : '';
      const inst = source ? await hub.connectors.instance(source, 'orders').catch(() => undefined) : undefined;
      const headers = Object.fromEntries(c.req.raw.headers);
      if (inst?.enabled && inst.adapter.authorize?.({ method: c.req.method, headers, query: c.req.query(), body: '' })) return next();
      throw new ProblemError(401, 'invalid_source_token', 'Unauthenticated', 'the X-Source-Token does not match the source connector named in the body');
    }
    return orders(c, next);
  };

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/orders', tags: ['orders'], security: bearer,
      summary: 'Take in an order (idempotent on source + externalId)',
      middleware: [keyOrSourceToken, idempotency(hub.redis, hub.keys)] as const,
      request: { body: body(SiteOrderInput) },
      responses: { 201: json(Order, 'Created'), 200: json(Order, 'Already received: the stored order'), ...commonErrors, 422: problemResponse('Unknown or disabled source connector') },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const source = await hub.connectors.instance(input.source, 'orders').catch(() => undefined);
      if (!source?.enabled) {
        throw new ProblemError(422, 'unknown_source', 'Unknown source', `'${input.source}' is not an enabled order connector; add it under /v1/admin/connectors`);
      }
      // Through the same intake as pulled and pushed orders: unknown SKUs flagged, source rules applied.
      const { results } = await new IntakeService(hub).ingest(input.source, [input], { adapter: source.adapter });
      const { order, created } = results[0]!;
      return c.json(order, created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/orders', tags: ['orders'], security: bearer, summary: 'List orders, newest first',
      middleware: [orders] as const,
      request: {
        query: z.object({
          status: OrderStatus.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().optional().openapi({ description: '`nextCursor` of the previous page' }),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(Order), nextCursor: z.string().nullable() }), 'A page of orders'), ...commonErrors },
    }),
    async (c) => c.json(await hub.orders.list(c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/orders/{id}', tags: ['orders'], security: bearer, summary: 'One order with its history',
      middleware: [orders] as const, request: { params: IdParam },
      responses: { 200: json(Order, 'The order'), ...commonErrors, ...notFound },
    }),
    async (c) => c.json(await hub.orders.get(c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/orders/{id}/confirm', tags: ['orders'], security: bearer,
      summary: 'Reserve every line (all or nothing) and confirm',
      middleware: [orders] as const,
      request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: ConfirmBody } } } },
      responses: {
        200: json(z.object({ order: Order, allocations: z.array(Allocation) }), 'Confirmed; stock reserved'),
        ...commonErrors, ...notFound, ...conflict('Stock is short (`shortages`) or the order is past `new`'),
      },
    }),
    async (c) => {
      try {
        const now = hub.clock.now();
        const minutes = (c.req.valid('json') as z.infer<typeof ConfirmBody> | undefined)?.expiresInMinutes;
        const res = await hub.workflow.confirm(c.req.valid('param').id, now, 'confirmed via API', minutes ? new Date(now.getTime() + minutes * 60_000) : undefined);
        hub.metrics.confirmations.inc({ outcome: 'confirmed' });
        return c.json(res, 200);
      } catch (err) {
        if (err instanceof ProblemError && err.code === 'insufficient_stock') hub.metrics.confirmations.inc({ outcome: 'short' });
        throw err;
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/orders/{id}/status', tags: ['orders'], security: bearer,
      summary: 'Move an order along the pipeline (illegal moves: 409, nothing changes)',
      middleware: [orders] as const,
      request: { params: IdParam, body: body(z.object({ status: OrderStatus, cause: z.string().max(500).optional() })) },
      responses: { 200: json(Order, 'The order after the move'), ...commonErrors, ...notFound, ...conflict('Illegal transition') },
    }),
    async (c) => {
      const { status, cause } = c.req.valid('json');
      if (!status) throw new ValidationError('status is required', [{ path: 'status', message: 'required' }]);
      const key = c.get('apiKey');
      const order = await hub.workflow.setStatus(c.req.valid('param').id, status, cause ?? `set via API (${key?.name ?? 'source'})`, hub.clock.now());
      return c.json(order, 200);
    },
  );

  return app;
}
