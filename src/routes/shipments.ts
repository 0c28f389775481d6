import { createRoute, z } from '@hono/zod-openapi';
import { requireScope } from '../core/auth/middleware.js';
import { ProblemError } from '../core/errors.js';
import type { Hub } from '../core/hub.js';
import { idempotency } from '../core/http/idempotency.js';
import { Shipment, ShipmentRequest } from '../core/shipments/model.js';
import { body, commonErrors, conflict, json, notFound, router, bearer, problemResponse } from './common.js';

const OrderParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });

export function shipmentRoutes(hub: Hub) {
  const app = router();
  const orders = requireScope(hub.apiKeys, 'orders');
  const admin = requireScope(hub.apiKeys, 'admin');

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/orders/{id}/shipments', tags: ['shipments'], security: bearer,
      summary: 'Ask to ship a confirmed order: queues a booking with the courier',
      middleware: [orders, idempotency(hub.redis, hub.keys)] as const,
      request: { params: OrderParam, body: body(ShipmentRequest) },
      responses: {
        202: json(z.object({ shipmentId: z.string(), status: z.string() }), 'Queued; the order is now `booking`'),
        ...commonErrors, ...notFound, ...conflict('The order is not confirmed'), 422: problemResponse('Unknown courier or one that cannot book'),
      },
    }),
    async (c) => {
      const { shipment } = await hub.shipments.request(c.req.valid('param').id, c.req.valid('json'));
      return c.json({ shipmentId: shipment.id, status: shipment.state }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/orders/{id}/shipments', tags: ['shipments'], security: bearer, summary: "An order's shipments",
      middleware: [orders] as const, request: { params: OrderParam },
      responses: { 200: json(z.array(Shipment), 'Shipments'), ...commonErrors, ...notFound },
    }),
    async (c) => {
      await hub.orders.get(c.req.valid('param').id);
      return c.json(await hub.shipments.store.ofOrder(c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/shipments/{id}', tags: ['shipments'], security: bearer,
      summary: 'State, attempts, last error, courier ids and track number',
      middleware: [orders] as const, request: { params: OrderParam },
      responses: { 200: json(Shipment, 'The shipment'), ...commonErrors, ...notFound },
    }),
    async (c) => c.json(await hub.shipments.store.get(c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/shipments/{id}/label', tags: ['shipments'], security: bearer, summary: "The courier's label (or the own couriers' delivery sheet)",
      middleware: [orders] as const, request: { params: OrderParam },
      responses: { 200: { description: 'The label as the courier gives it (PDF, HTML)' }, ...commonErrors, ...notFound, ...conflict('Not booked yet'), 422: problemResponse('This courier offers no labels') },
    }),
    async (c) => {
      const s = await hub.shipments.store.get(c.req.valid('param').id);
      if (!s.courierId && !s.trackNumber) throw new ProblemError(409, 'not_booked', 'Not booked', `shipment ${s.id} is '${s.state}'; a label exists once it is booked`);
      const courier = await hub.connectors.instance(s.connectorId, 'courier');
      if (!courier.adapter.label) throw new ProblemError(422, 'labels_unsupported', 'No labels', `courier connector '${s.connectorId}' (${courier.type}) offers no labels`);
      const label = await courier.adapter.label({ shipmentId: s.id, courierId: s.courierId, trackNumber: s.trackNumber }, AbortSignal.timeout(30_000));
      return c.body(label.body as unknown as ArrayBuffer, 200, { 'content-type': label.contentType }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/admin/shipments/{id}/retry', tags: ['admin'], security: bearer, summary: 'Re-drive a failed shipment',
      middleware: [admin] as const, request: { params: OrderParam },
      responses: { 200: json(Shipment, 'Queued again'), ...commonErrors, ...notFound, ...conflict('The shipment is not failed') },
    }),
    async (c) => c.json(await hub.shipments.retry(c.req.valid('param').id), 200),
  );
  return app;
}
