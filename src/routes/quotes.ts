import { createRoute } from '@hono/zod-openapi';
import { requireScope } from '../core/auth/middleware.js';
import { ProblemError } from '../core/errors.js';
import type { Hub } from '../core/hub.js';
import { QuoteRequest, QuoteResponse } from '../core/model/index.js';
import { body, commonErrors, conflict, json, router, bearer, problemResponse } from './common.js';

export function quoteRoutes(hub: Hub) {
  const app = router();
  // Until createHub passes the runtime itself, give the quote engine its Redis and metrics here.
  app.openapi(
    createRoute({
      method: 'post', path: '/v1/quotes', tags: ['quotes'], security: bearer,
      summary: 'Delivery options from every enabled courier, by the deadline',
      description: '200 whenever at least one courier answered (or all said "no service"); failures per courier are in `errors`. 502 only when every courier failed.',
      middleware: [requireScope(hub.apiKeys, 'quotes')] as const,
      request: { body: body(QuoteRequest) },
      responses: { 200: json(QuoteResponse, 'Options and per-courier errors'), ...commonErrors, ...conflict('Items not in stock'), 502: problemResponse('Every courier failed') },
    }),
    async (c) => {
      const { allFailed, ...res } = await hub.quotes.quote(c.req.valid('json'));
      if (allFailed) {
        throw new ProblemError(502, 'all_couriers_failed', 'No courier answered', `every courier failed: ${res.errors.map((e) => `${e.connectorId}: ${e.code}`).join('; ')}`, { errors: res.errors });
      }
      return c.json(res, 200);
    },
  );
  return app;
}
