import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { bearerKey } from '../core/auth/middleware.js';
import type { Hub } from '../core/hub.js';
import { QUEUE_NAMES } from '../core/queues/queues.js';

const BASE = '/admin/queues';

/**
 * bull-board at /admin/queues for admins: queue contents, failed jobs, retries. A browser cannot
 * send a bearer token, so HTTP Basic with the admin API key as the password works too.
 */
export function queueBoardRoutes(hub: Hub) {
  const adapter = new HonoAdapter(serveStatic);
  createBullBoard({ queues: QUEUE_NAMES.map((n) => new BullMQAdapter(hub.queues.get(n))), serverAdapter: adapter });
  adapter.setBasePath(BASE);
  const app = new Hono();
  app.use(`${BASE}/*`, adminOnly(hub));
  app.use(BASE, adminOnly(hub));
  app.route(BASE, adapter.registerPlugin());
  return app;
}

function adminOnly(hub: Hub): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    const key = bearerKey(header) ?? (basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined);
    const rec = key ? await hub.apiKeys.authenticate(key) : undefined;
    if (!rec?.scopes.includes('admin')) {
      return c.text('admin API key required (HTTP Basic: any user name, the key as password)', 401, { 'www-authenticate': 'Basic realm="svyazka queues"' });
    }
    await next();
  };
}
