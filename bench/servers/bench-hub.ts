import type { AnyConnectorDefinition } from '../../src/core/connectors/contract.js';
import { createHttpClient, installProviderDispatcher } from '../../src/core/http/client.js';
import { createHub, type Hub } from '../../src/core/hub.js';
import { createLogger } from '../../src/core/logger.js';
import { createRedis } from '../../src/core/redis/client.js';
import { seedDemo } from '../../src/demo.js';

/**
 * A hub on the bench's Redis (REDIS_URL) set up as src/main.ts sets it up: the pooled provider
 * dispatcher, the undici transport (`transport: 'fetch'` measures the one the tests use), the
 * admin token and the demo configuration.
 */
export async function startBenchHub(definitions: readonly AnyConnectorDefinition[], transport: 'fetch' | 'undici' = 'undici'): Promise<Hub> {
  installProviderDispatcher();
  const url = process.env.REDIS_URL!;
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const hub = createHub({
    redis: createRedis(url),
    redisUrl: url,
    keyPrefix: process.env.SVYAZKA_KEY_PREFIX ?? 'bench',
    secretKey: 'bench-secret-key-0123456789',
    logger,
    definitions: [...definitions],
    http: createHttpClient({ logger, transport }),
  });
  await hub.apiKeys.setBootstrap(process.env.SVYAZKA_ADMIN_TOKEN ?? 'bench-admin-token-0123456789', hub.clock.now());
  await seedDemo(hub);
  return hub;
}
