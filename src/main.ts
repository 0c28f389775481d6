#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApp } from './app.js';
import { serveHub } from './server.js';
import { createHttpClient, installProviderDispatcher } from './core/http/client.js';
import { connectorDefinitions } from './connectors/index.js';
import { ConfigError, loadConfig, loadQuoteSettings, type Config } from './config.js';
import type { QuoteServiceOptions } from './core/quotes/service.js';
import { createSecretBox, secretKeyMatches } from './core/secrets.js';
import { createHub, type Hub } from './core/hub.js';
import { createLogger, type Logger } from './core/logger.js';
import { createMetrics } from './core/metrics.js';
import { createRedis } from './core/redis/client.js';
import { RedisNotInstalledError, startEmbeddedRedis, type EmbeddedRedis } from './core/redis/embedded.js';
import { checkRedisSettings } from './core/redis/settings.js';
import { seedDemo } from './demo.js';
import { startWorkers } from './workers.js';

type Mode = 'all' | 'serve' | 'worker';

async function main() {
  const mode = (process.argv[2] ?? 'all') as Mode;
  if (!['all', 'serve', 'worker'].includes(mode)) {
    console.error(`usage: svyazka [all|serve|worker]  (got '${mode}')`);
    process.exit(2);
  }
  let config: Config;
  let quotes: QuoteServiceOptions;
  try {
    config = loadConfig(process.env);
    quotes = loadQuoteSettings(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`svyazka: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  installProviderDispatcher();

  const dataDir = resolve(config.SVYAZKA_DATA_DIR);
  let embedded: EmbeddedRedis | undefined;
  let url = config.REDIS_URL;
  if (!url) {
    try {
      embedded = await startEmbeddedRedis({ dir: join(dataDir, 'redis') });
    } catch (err) {
      logger.fatal(err instanceof RedisNotInstalledError ? err.message : `could not start the embedded redis-server: ${String(err)}`);
      process.exit(1);
    }
    url = embedded.url;
    logger.info({ redis: url, dataDir: join(dataDir, 'redis') }, 'embedded redis-server started (AOF on); set REDIS_URL to use your own Redis');
  }
  let down = false;
  const redis = createRedis(url, {
    name: `svyazka-${mode}`,
    onError: (err) => {
      if (!down) logger.error({ err: err.message }, 'Redis connection lost; reconnecting');
      down = true;
    },
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis connection restored');
    down = false;
  });
  await redis.ping();
  await checkRedisSettings(redis, logger);

  const secretKey = config.SVYAZKA_SECRET_KEY ?? localSecretKey(dataDir, logger);
  const metrics = createMetrics({ defaults: true });
  // undici.request on the pooled Agent above: half the CPU of fetch per provider call (tests use fetch, which msw intercepts).
  const http = createHttpClient({ logger, transport: 'undici' });
  const hub = createHub({ redis, redisUrl: url, keyPrefix: config.SVYAZKA_KEY_PREFIX, secretKey, logger, definitions: connectorDefinitions, metrics, http, quotes });
  const keyCheck = { get: () => redis.hget(hub.keys.meta, 'secretKeyCheck'), setIfAbsent: async (v: string) => (await redis.hsetnx(hub.keys.meta, 'secretKeyCheck', v)) === 1 };
  if (!(await secretKeyMatches(createSecretBox(secretKey), keyCheck))) {
    logger.fatal('SVYAZKA_SECRET_KEY is not the key the connector secrets in this Redis were saved with; start every hub process with the same key');
    await redis.quit().catch(() => undefined);
    await embedded?.stop();
    process.exit(1);
  }
  await bootstrapAdmin(hub, config, logger);
  if (config.SVYAZKA_DEMO && (await seedDemo(hub))) logger.info('demo configuration seeded: warehouse "main", courier "own-courier", order source "site", 7 SKUs');

  const stops: (() => Promise<void>)[] = [];
  let workersUp = false;
  if (mode !== 'serve') {
    const running = await startWorkers(hub);
    workersUp = true;
    logger.info({ workers: running.workers.map((w) => w.name) }, 'queue workers started');
    // Workers stop after the HTTP server: in-flight jobs finish, unstarted ones stay queued in Redis.
    stops.push(async () => {
      workersUp = false;
      await running.close();
    });
  }
  if (mode !== 'worker') {
    const readiness = mode === 'all' ? { checks: { workers: async () => (workersUp ? undefined : 'queue workers are not running') } } : {};
    const app = createApp(hub, { bodyLimitBytes: config.SVYAZKA_BODY_LIMIT, readiness, exchangeDir: join(dataDir, '1c-exchange'), importHeapMb: config.SVYAZKA_IMPORT_HEAP_MB });
    const server = serveHub(hub, app, { port: config.PORT, hostname: config.HOST }, (port) =>
      logger.info({ port }, `Svyazka listening on http://localhost:${port} (API docs at /docs)`),
    );
    stops.push(
      () =>
        new Promise<void>((res) => {
          server.close(() => res());
          (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        }),
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing in-flight work');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.SVYAZKA_SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.SVYAZKA_SHUTDOWN_TIMEOUT_MS);
    for (const stop of stops.reverse()) await stop().catch((err) => logger.error({ err: String(err) }, 'error while stopping'));
    await hub.connectors.close();
    await hub.queues.close();
    await redis.quit().catch(() => undefined);
    await embedded?.stop();
    clearTimeout(timer);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** On the embedded default the secret key lives beside the data, readable by this user only. */
function localSecretKey(dataDir: string, logger: Logger): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, key + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  logger.warn({ file }, 'SVYAZKA_SECRET_KEY is not set: generated one for this data folder; set it explicitly in production');
  return key;
}

async function bootstrapAdmin(hub: Hub, config: Config, logger: Logger) {
  if (config.SVYAZKA_ADMIN_TOKEN) {
    await hub.apiKeys.setBootstrap(config.SVYAZKA_ADMIN_TOKEN, hub.clock.now());
    return;
  }
  if (await hub.apiKeys.hasBootstrap()) {
    logger.info('bootstrap admin key was generated on an earlier start (stored hashed); set SVYAZKA_ADMIN_TOKEN to replace it');
    return;
  }
  const key = `svz_${randomBytes(32).toString('base64url')}`;
  await hub.apiKeys.setBootstrap(key, hub.clock.now());
  // Printed once, on stdout, and never logged: it is stored only as a hash.
  process.stdout.write(
    `\n  ┌──────────────────────────────────────────────────────────────────────────────┐\n` +
      `  │ Bootstrap admin API key (shown once; stored hashed):                         │\n` +
      `  │   ${key.padEnd(75)}│\n` +
      `  │ export SVYAZKA_KEY=${key.padEnd(58)}│\n` +
      `  └──────────────────────────────────────────────────────────────────────────────┘\n\n`,
  );
}

main().catch((err) => {
  console.error('svyazka failed to start:', err);
  process.exit(1);
});

