import { createRoute, z } from '@hono/zod-openapi';
import { requireScope } from '../core/auth/middleware.js';
import { ValidationError } from '../core/errors.js';
import type { Hub } from '../core/hub.js';
import { Sku, StockView } from '../core/model/index.js';
import { body, commonErrors, conflict, json, notFound, router, bearer } from './common.js';

const WarehouseParam = z.object({ warehouseId: z.string().min(1).openapi({ param: { name: 'warehouseId', in: 'path' } }) });
const Snapshot = z.object({ items: z.array(z.object({ sku: Sku, qty: z.number().int().nonnegative() })).max(200_000) }).openapi('StockSnapshot');
const Deltas = z.object({ items: z.array(z.object({ sku: Sku, qty: z.number().int() })).min(1).max(10_000) }).openapi('StockDeltas');
const Applied = z.object({ warehouseId: z.string(), skus: z.number().int() });

export function stockRoutes(hub: Hub) {
  const app = router();
  const stock = requireScope(hub.apiKeys, 'stock');

  const knownWarehouse = async (id: string) => {
    await hub.warehouses.get(id);
  };

  app.openapi(
    createRoute({
      method: 'put', path: '/v1/stock/{warehouseId}', tags: ['stock'], security: bearer,
      summary: 'Full snapshot of a warehouse: replaces its stock atomically',
      middleware: [stock] as const, request: { params: WarehouseParam, body: body(Snapshot) },
      responses: { 200: json(Applied, 'Applied'), ...commonErrors, ...notFound },
    }),
    async (c) => {
      const { warehouseId } = c.req.valid('param');
      await knownWarehouse(warehouseId);
      const items = new Map<string, number>();
      for (const { sku, qty } of c.req.valid('json').items) {
        if (items.has(sku)) throw new ValidationError(`SKU '${sku}' appears twice in the snapshot`, [{ path: 'items', message: `duplicate SKU '${sku}'` }]);
        items.set(sku, qty);
      }
      await hub.stock.replaceWarehouses(new Map([[warehouseId, items]]));
      hub.logger.info({ warehouseId, skus: items.size }, 'stock snapshot applied');
      return c.json({ warehouseId, skus: items.size }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/v1/stock/{warehouseId}', tags: ['stock'], security: bearer,
      summary: 'Deltas for a warehouse: all applied, or none if one would go below zero',
      middleware: [stock] as const, request: { params: WarehouseParam, body: body(Deltas) },
      responses: { 200: json(Applied, 'Applied'), ...commonErrors, ...notFound, ...conflict('A delta would make on-hand negative') },
    }),
    async (c) => {
      const { warehouseId } = c.req.valid('param');
      await knownWarehouse(warehouseId);
      const items = c.req.valid('json').items;
      await hub.stock.adjust(warehouseId, items);
      return c.json({ warehouseId, skus: items.length }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/stock', tags: ['stock'], security: bearer,
      summary: 'Stock of one SKU (or a source id such as the 1C Ид) across warehouses',
      middleware: [stock] as const, request: { query: z.object({ sku: Sku }) },
      responses: { 200: json(StockView, 'Stock'), ...commonErrors, ...notFound },
    }),
    async (c) => c.json(await hub.stock.view(c.req.valid('query').sku), 200),
  );

  return app;
}

