import { serve } from '@hono/node-server';
import { Agent, setGlobalDispatcher } from 'undici';
import { createApp } from '../../src/app.js';
import { connectorDefinitions } from '../../src/connectors/index.js';
import { createHub } from '../../src/core/hub.js';
import { createLogger } from '../../src/core/logger.js';
import { createRedis } from '../../src/core/redis/client.js';
import { seedDemo } from '../../src/demo.js';

/**
 * The hub's HTTP server as `svyazka serve` runs it, for the quote benchmark: the same pooled
 * dispatcher as src/main.ts (64 connections per courier host unless BENCH_HTTP_CONNECTIONS says
 * otherwise) and the quote engine's defaults unless BENCH_QUOTE_CONCURRENCY raises the in-flight
 * limit per courier.
 */
setGlobalDispatcher(new Agent({ connections: Number(process.env.BENCH_HTTP_CONNECTIONS ?? 64), keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 60_000 }));
const url = process.env.REDIS_URL!;
const concurrency = process.env.BENCH_QUOTE_CONCURRENCY ? Number(process.env.BENCH_QUOTE_CONCURRENCY) : undefined;
const hub = createHub({
  redis: createRedis(url),
  redisUrl: url,
  keyPrefix: process.env.SVYAZKA_KEY_PREFIX ?? 'bench',
  secretKey: 'bench-secret-key-0123456789',
  logger: createLogger(process.env.LOG_LEVEL ?? 'warn'),
  definitions: connectorDefinitions,
  ...(concurrency ? { quotes: { concurrency } } : {}),
});
await hub.apiKeys.setBootstrap(process.env.SVYAZKA_ADMIN_TOKEN ?? 'bench-admin-token-0123456789', hub.clock.now());
await seedDemo(hub);
serve({ fetch: createApp(hub).fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('READY'));
// Exit through process.exit so --cpu-prof (via NODE_OPTIONS) writes its profile.
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
