import { createRoute, z } from '@hono/zod-openapi';
import { requireScope } from '../core/auth/middleware.js';
import { Scope } from '../core/auth/keys.js';
import type { Hub } from '../core/hub.js';
import { body, commonErrors, json, notFound, router, bearer } from './common.js';

const KeyInfo = z.object({ id: z.string(), name: z.string(), scopes: z.array(Scope), createdAt: z.string() }).openapi('ApiKey');

export function adminApiKeyRoutes(hub: Hub) {
  const app = router();
  const admin = requireScope(hub.apiKeys, 'admin');
  const tags = ['admin'];

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/admin/api-keys', tags, security: bearer, summary: 'Issue an API key (shown once)',
      middleware: [admin] as const,
      request: { body: body(z.object({ name: z.string().min(1).max(100), scopes: z.array(Scope).min(1) })) },
      responses: { 201: json(KeyInfo.extend({ key: z.string() }), 'The key; store it now, it is not shown again'), ...commonErrors },
    }),
    async (c) => {
      const { name, scopes } = c.req.valid('json');
      const { record, key } = await hub.apiKeys.create(name, [...new Set(scopes)], hub.clock.now());
      hub.logger.info({ apiKeyId: record.id, name, scopes: record.scopes }, 'API key issued');
      return c.json({ id: record.id, name: record.name, scopes: record.scopes, createdAt: record.createdAt, key }, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/api-keys', tags, security: bearer, summary: 'API keys (never the keys themselves)', middleware: [admin] as const, responses: { 200: json(z.array(KeyInfo), 'Keys'), ...commonErrors } }),
    async (c) => c.json(await hub.apiKeys.list(), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/v1/admin/api-keys/{id}', tags, security: bearer, summary: 'Revoke an API key', middleware: [admin] as const,
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 204: { description: 'Revoked' }, ...commonErrors, ...notFound },
    }),
    async (c) => {
      await hub.apiKeys.delete(c.req.valid('param').id);
      hub.logger.info({ apiKeyId: c.req.valid('param').id }, 'API key revoked');
      return c.body(null, 204);
    },
  );
  return app;
}
