import { createRoute, z } from '@hono/zod-openapi';
import { requireScope } from '../core/auth/middleware.js';
import { NotFoundError } from '../core/errors.js';
import type { Hub } from '../core/hub.js';
import { CatalogItem } from '../core/model/index.js';
import { Alternative } from '../core/stock/alternatives.js';
import { commonErrors, json, notFound, router, bearer } from './common.js';

const SkuParam = z.object({ sku: z.string().min(1).max(200).openapi({ param: { name: 'sku', in: 'path' }, description: 'The SKU or a source id such as the 1C Ид (URL-encoded)' }) });
const Alternatives = z.object({ sku: z.string(), groupId: z.string().optional(), alternatives: z.array(Alternative) }).openapi('Alternatives');

export function catalogRoutes(hub: Hub) {
  const app = router();
  const stock = requireScope(hub.apiKeys, 'stock');

  const item = async (sku: string) => {
    const found = await hub.stock.catalogItem(sku);
    if (!found) throw new NotFoundError('catalog item', sku);
    return found;
  };

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/catalog/{sku}', tags: ['stock'], security: bearer,
      summary: 'One catalog item (by SKU or a source id): name, group, weight, sizes, price, source ids',
      middleware: [stock] as const, request: { params: SkuParam },
      responses: { 200: json(CatalogItem, 'The item'), ...commonErrors, ...notFound },
    }),
    async (c) => c.json(await item(c.req.valid('param').sku), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/catalog/{sku}/alternatives', tags: ['stock'], security: bearer,
      summary: 'Up to 5 in-stock products of the same catalog group, nearest in price first',
      middleware: [stock] as const, request: { params: SkuParam },
      responses: { 200: json(Alternatives, 'Alternatives with available quantity and warehouse'), ...commonErrors, ...notFound },
    }),
    async (c) => {
      const it = await item(c.req.valid('param').sku);
      return c.json({ sku: it.sku, ...(it.groupId ? { groupId: it.groupId } : {}), alternatives: await hub.alternatives(it.sku) }, 200);
    },
  );

  return app;
}
