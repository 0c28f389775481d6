import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { requireScope } from '../core/auth/middleware.js';
import { bodyText } from '../core/http/node-request.js';
import { ProblemError } from '../core/errors.js';
import type { Hub } from '../core/hub.js';
import { QuoteRequest, QuoteResponse } from '../core/model/index.js';
import { body, commonErrors, conflict, json, router, bearer, problemResponse } from './common.js';

export function quoteRoutes(hub: Hub) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'post', path: '/v1/quotes', tags: ['quotes'], security: bearer,
      summary: 'Delivery options from every enabled courier, by the deadline',
      description: '200 whenever at least one courier answered (or all said "no service"); failures per courier are in `errors`. 502 only when every courier failed.',
      middleware: [requireScope(hub.apiKeys, 'quotes'), replayed(hub)] as const,
      request: { body: body(QuoteRequest) },
      responses: { 200: json(QuoteResponse, 'Options and per-courier errors'), ...commonErrors, ...conflict('Items not in stock'), 502: problemResponse('Every courier failed') },
    }),
    async (c) => {
      const { allFailed, replayable, ...res } = await hub.quotes.quote(c.req.valid('json'));
      if (allFailed) {
        throw new ProblemError(502, 'all_couriers_failed', 'No courier answered', `every courier failed: ${res.errors.map((e) => `${e.connectorId}: ${e.code}`).join('; ')}`, { errors: res.errors });
      }
      if (replayable) hub.quotes.remember(await c.req.text(), JSON.stringify(res), replayable);
      return c.json(res, 200);
    },
  );
  return app;
}

/**
 * Answers a request byte-identical to one answered moments ago from cached courier answers with
 * that answer (QuoteService.recall), before the body is parsed and validated; otherwise leaves
 * the body text in Hono's cache for the validator.
 */
function replayed(hub: Hub): MiddlewareHandler {
  return async (c, next) => {
    const answer = hub.quotes.recall(await bodyText(c));
    if (answer === undefined) return next();
    return c.body(answer, 200, { 'content-type': 'application/json' });
  };
}
