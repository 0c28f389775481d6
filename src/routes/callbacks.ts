import { Hono } from 'hono';
import type { Hub } from '../core/hub.js';
import { deliveryServices } from '../core/shipments/delivery-services.js';
import { problemBody, problemResponse } from '../core/http/problem.js';
import { inboundRequest } from './common.js';

/**
 * `/callbacks/:connectorId/:action`: CRMs that use the hub as their delivery service call back
 * here (retailCRM's delivery module: calculate, save, get, delete). The connector authenticates
 * the call and shapes the answer; the hub lends its quote engine and booking queue.
 */
export function callbackRoutes(hub: Hub) {
  const app = new Hono();
  const services = deliveryServices(hub);
  app.on(['GET', 'POST'], '/callbacks/:connectorId/:action', async (c) => {
    const inst = await hub.connectors.instance(c.req.param('connectorId'), 'crm').catch(() => undefined);
    if (!inst?.enabled || !inst.adapter.handleCallback) {
      return problemResponse(c, problemBody(404, 'not_found', 'Not found', `no enabled CRM connector '${c.req.param('connectorId')}' takes callbacks`));
    }
    const reply = await inst.adapter.handleCallback(
      c.req.param('action'),
      await inboundRequest(c),
      services,
      AbortSignal.timeout(25_000),
    );
    return c.json(reply.body as object, reply.status as 200);
  });
  return app;
}
