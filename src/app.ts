import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import type { Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import type { Hub } from './core/hub.js';
import { header, setResponseHeader } from './core/http/node-request.js';
import { recordRequest, requestIdOf } from './core/http/request-log.js';
import { onError, problemBody, problemResponse } from './core/http/problem.js';
import { ProblemError } from './core/errors.js';
import type { Env } from './routes/common.js';
import { healthRoutes, type Readiness } from './routes/health.js';
import { orderRoutes } from './routes/orders.js';
import { stockRoutes } from './routes/stock.js';
import { quoteRoutes } from './routes/quotes.js';
import { pickupPointRoutes } from './routes/pickup-points.js';
import { eventRoutes } from './routes/events.js';
import { adminConnectorRoutes } from './routes/admin-connectors.js';
import { adminApiKeyRoutes } from './routes/admin-api-keys.js';
import { adminWarehouseRoutes } from './routes/admin-warehouses.js';
import { shipmentRoutes } from './routes/shipments.js';
import { adminDeliveryRoutes } from './routes/admin-deliveries.js';
import { queueBoardRoutes } from './routes/queues-board.js';
import { callbackRoutes } from './routes/callbacks.js';
import { courierWebhookAdminRoutes, courierWebhookRoutes } from './routes/courier-webhooks.js';
import { inboundRoutes } from './routes/inbound.js';
import { adminDeadLetterRoutes } from './routes/admin-dead-letters.js';
import { exchange1cRoutes } from './routes/exchange-1c.js';
import { catalogRoutes } from './routes/catalog.js';

export interface AppOptions {
  /** JSON API body limit; larger bodies get 413. */
  bodyLimitBytes?: number;
  readiness?: Readiness;
  /** Extra sub-apps mounted at the root (protocol endpoints, admin UI). */
  mounts?: Hono<any>[];
  /** Folder for files 1C uploads before they are imported (the data dir in production). */
  exchangeDir?: string;
  /** Heap of the 1C import thread, MB. */
  importHeapMb?: number;
}

/** Builds the HTTP app from the hub; does no I/O itself. */
export function createApp(hub: Hub, opts: AppOptions = {}) {
  const app = new OpenAPIHono<Env>();
  const limit = opts.bodyLimitBytes ?? 1024 * 1024;

  app.use('*', requestContext(hub));
  app.use('*', limitBody(limit));

  app.route('/', healthRoutes(hub, opts.readiness));
  for (const sub of [orderRoutes(hub), stockRoutes(hub), quoteRoutes(hub), pickupPointRoutes(hub), eventRoutes(hub), adminConnectorRoutes(hub), adminApiKeyRoutes(hub), adminWarehouseRoutes(hub), shipmentRoutes(hub), adminDeliveryRoutes(hub)]) {
    app.route('/', sub);
  }
  app.route('/', queueBoardRoutes(hub));
  app.route('/', callbackRoutes(hub));
  app.route('/', courierWebhookRoutes(hub));
  app.route('/', courierWebhookAdminRoutes(hub));
  app.route('/', inboundRoutes(hub));
  app.route('/', adminDeadLetterRoutes(hub));
  app.route('/', exchange1cRoutes(hub, { dir: opts.exchangeDir, importHeapMb: opts.importHeapMb }));
  app.route('/', catalogRoutes(hub));
  for (const m of opts.mounts ?? []) app.route('/', m);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'API key issued by an admin' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Svyazka', version: '0.1.0', description: 'Integration hub: orders, stock, delivery quotes and bookings for online shops.' },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));

  app.notFound((c) => {
    const allowed = methodsFor(app, c.req.path);
    if (allowed.length) {
      return problemResponse(c, problemBody(405, 'method_not_allowed', 'Method not allowed', `${c.req.method} is not allowed here; use ${allowed.join(', ')}`), { allow: allowed.join(', ') });
    }
    return problemResponse(c, problemBody(404, 'not_found', 'Not found', `no endpoint at ${c.req.path}; the API is described at /docs`));
  });
  app.onError(onError(hub.logger));
  return app;
}

/**
 * What every request goes through, in one middleware since each costs a little on every call: a
 * request id (the caller's `x-request-id`, or a new one) in the answer and the log, one log line
 * per request, and the latency histogram by route pattern.
 */
function requestContext(hub: Hub): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const id = requestIdOf(header(c, 'x-request-id'));
    c.set('requestId' as never, id as never);
    setResponseHeader(c, 'x-request-id', id);
    await next();
    const { status } = c.res;
    recordRequest(hub, { id, method: c.req.method, path: c.req.path, route: status === 404 ? 'unmatched' : routePath(c), status, ms: performance.now() - started });
  };
}

/**
 * 413 for a body over the limit, decided from the headers when they tell: the limiter reads the
 * body through Hono, which makes @hono/node-server build a full fetch Request. 1C uploads whole
 * catalogs: its exchange route sets its own limit from the connector config.
 */
function limitBody(limit: number): MiddlewareHandler {
  const limiter = bodyLimit({
    maxSize: limit,
    onError: () => {
      throw new ProblemError(413, 'body_too_large', 'Payload too large', `the request body is larger than ${limit} bytes`);
    },
  });
  return (c, next) => {
    if (c.req.path.startsWith('/1c/')) return next();
    const length = header(c, 'content-length');
    if (header(c, 'transfer-encoding')) return limiter(c, next);
    if (length !== undefined) return Number(length) > limit ? limiter(c, next) : next();
    return c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limiter(c, next);
  };
}

const patternCache = new WeakMap<object, { re: RegExp; method: string }[]>();

/** Methods registered for a path, to tell 405 from 404. */
function methodsFor(app: OpenAPIHono<Env>, path: string): string[] {
  let patterns = patternCache.get(app);
  if (!patterns) {
    patterns = app.routes
      .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
      .map((r) => ({ method: r.method, re: new RegExp(`^${r.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+')}/?$`) }));
    patternCache.set(app, patterns);
  }
  return [...new Set(patterns.filter((p) => p.re.test(path)).map((p) => p.method))];
}
