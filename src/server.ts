import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hub } from './core/hub.js';
import { quoteReplayFront } from './routes/quote-replay.js';

/**
 * The hub's HTTP server: the app (createApp) as @hono/node-server serves it, behind the replay of
 * identical quotes (routes/quote-replay.ts).
 */
export function serveHub(hub: Hub, app: { fetch: Parameters<typeof getRequestListener>[0] }, opts: { port: number; hostname?: string }, listening?: (port: number) => void): Server {
  const server = createServer(quoteReplayFront(hub, getRequestListener(app.fetch, { hostname: opts.hostname })));
  server.listen(opts.port, opts.hostname, () => listening?.((server.address() as { port: number }).port));
  return server;
}
