import { createRoute, z } from '@hono/zod-openapi';
import { requireScope } from '../core/auth/middleware.js';
import type { Hub } from '../core/hub.js';
import { PICKUP_REFRESH_MS, PickupPoint, pickupPointStore } from '../core/quotes/pickup-points.js';
import { bearer, commonErrors, json, notFound, router } from './common.js';

const Query = z.object({
  connectorId: z.string().min(1).openapi({ param: { name: 'connectorId', in: 'query' }, example: 'cdek' }),
  city: z.string().min(1).max(200).openapi({ param: { name: 'city', in: 'query' }, example: 'Москва' }),
  type: z.enum(['pickup_point', 'postamat']).optional().openapi({ param: { name: 'type', in: 'query' } }),
});

const PickupPointList = z
  .object({
    connectorId: z.string(),
    city: z.string(),
    /** When the courier's list was last synced; null before the first sync. */
    syncedAt: z.string().nullable(),
    points: z.array(PickupPoint),
    /** Why the list is empty, when it is. */
    hint: z.string().optional(),
  })
  .openapi('PickupPointList');

export function pickupPointRoutes(hub: Hub) {
  const app = router();
  const store = pickupPointStore(hub);
  const hours = Math.round(PICKUP_REFRESH_MS / 3600_000);

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/pickup-points', tags: ['quotes'], security: bearer,
      summary: "A courier's pickup points and parcel lockers in a city, from the synced list",
      description: `Served from the hub's copy of the courier's list, refreshed in the background every ${hours} h; never calls the courier.`,
      middleware: [requireScope(hub.apiKeys, 'quotes')] as const,
      request: { query: Query },
      responses: { 200: json(PickupPointList, 'Points in the city (empty with a hint when none are known)'), ...commonErrors, ...notFound },
    }),
    async (c) => {
      const { connectorId, city, type } = c.req.valid('query');
      const inst = await hub.connectors.instance(connectorId, 'courier');
      if (!inst.adapter.pickupPoints) {
        return c.json({ connectorId, city, syncedAt: null, points: [], hint: `courier connector '${connectorId}' (${inst.type}) has no pickup points to list` }, 200);
      }
      const found = await store.byCity(connectorId, city);
      const points = type ? found.points.filter((p) => p.type === type) : found.points;
      let hint: string | undefined;
      if (!found.syncedAt) hint = `the pickup points of '${connectorId}' have not been synced yet; the background refresh (every ${hours} h, first run at start-up) fills them in`;
      else if (!points.length) hint = `no ${type ?? 'pickup point'}s of '${connectorId}' in '${city}' among ${found.total} points synced at ${found.syncedAt}; check the city's spelling`;
      return c.json({ connectorId, city, syncedAt: found.syncedAt ?? null, points, ...(hint ? { hint } : {}) }, 200);
    },
  );
  return app;
}
