import { serve } from '@hono/node-server';
import { Agent, setGlobalDispatcher } from 'undici';
import { createApp } from '../../src/app.js';
import { createHttpClient } from '../../src/core/http/client.js';
import { connectorDefinitions } from '../../src/connectors/index.js';
import { createHub } from '../../src/core/hub.js';
import { createLogger } from '../../src/core/logger.js';
import { createRedis } from '../../src/core/redis/client.js';
import { seedDemo } from '../../src/demo.js';
import { benchCourier } from '../sim/courier-definition.js';
import { startWorkers } from '../../src/workers.js';

/** The hub as `npm start` runs it, on the bench's Redis; `BENCH_WORKERS=only` runs just the workers. */
setGlobalDispatcher(new Agent({ connections: 64, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 60_000 }));
const url = process.env.REDIS_URL!;
const hub = createHub({
  redis: createRedis(url),
  redisUrl: url,
  keyPrefix: process.env.SVYAZKA_KEY_PREFIX ?? 'bench',
  secretKey: 'bench-secret-key-0123456789',
  logger: createLogger(process.env.LOG_LEVEL ?? 'warn'),
  definitions: [...connectorDefinitions, benchCourier],
  http: createHttpClient({ logger: createLogger('warn'), transport: 'undici' }),
});
await hub.apiKeys.setBootstrap(process.env.SVYAZKA_ADMIN_TOKEN ?? 'bench-admin-token-0123456789', hub.clock.now());
await seedDemo(hub);
const mode = process.env.BENCH_WORKERS ?? 'no';
if (mode !== 'no') {
  await startWorkers(hub, {
    bookingConcurrency: Number(process.env.BENCH_CONCURRENCY ?? 50),
    bookingBackoff: () => Number(process.env.BENCH_BACKOFF_MS ?? 200),
    trackingEveryMs: 3600_000,
  });
}
if (mode === 'only') {
  console.log('READY');
} else {
  serve({ fetch: createApp(hub).fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('READY'));
}
process.on('SIGTERM', () => process.exit(0));
