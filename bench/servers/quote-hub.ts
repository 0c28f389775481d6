import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { serve } from '@hono/node-server';
import { Agent, setGlobalDispatcher } from 'undici';
import { createApp } from '../../src/app.js';
import { connectorDefinitions } from '../../src/connectors/index.js';
import { createHub } from '../../src/core/hub.js';
import { createLogger } from '../../src/core/logger.js';
import { createRedis } from '../../src/core/redis/client.js';
import { seedDemo } from '../../src/demo.js';
import { createHttpClient } from '../../src/core/http/client.js';

/**
 * The hub's HTTP server as `svyazka serve` runs it, for the quote benchmark: unlike hub.ts, with
 * src/main.ts's pooled dispatcher and undici transport for the courier calls, and no bench
 * connector types.
 */
setGlobalDispatcher(new Agent({ connections: 64, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 60_000 }));
const url = process.env.REDIS_URL!;
const hub = createHub({
  redis: createRedis(url),
  redisUrl: url,
  keyPrefix: process.env.SVYAZKA_KEY_PREFIX ?? 'bench',
  secretKey: 'bench-secret-key-0123456789',
  logger: createLogger(process.env.LOG_LEVEL ?? 'warn'),
  definitions: connectorDefinitions,
  // As main.ts; BENCH_HTTP=fetch measures the fetch transport the tests use instead.
  http: createHttpClient({ logger: createLogger('warn'), transport: process.env.BENCH_HTTP === 'fetch' ? 'fetch' : 'undici' }),
});
await hub.apiKeys.setBootstrap(process.env.SVYAZKA_ADMIN_TOKEN ?? 'bench-admin-token-0123456789', hub.clock.now());
await seedDemo(hub);
serve({ fetch: createApp(hub).fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('READY'));

// BENCH_CPU_PROFILE=<file>: a V8 CPU profile of the hub from start to SIGTERM (--cpu-prof is refused in NODE_OPTIONS).
const profileTo = process.env.BENCH_CPU_PROFILE;
let profiler: Session | undefined;
if (profileTo) {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
const stop = async () => {
  if (profiler) writeFileSync(profileTo!, JSON.stringify((await profiler.post('Profiler.stop')).profile));
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
