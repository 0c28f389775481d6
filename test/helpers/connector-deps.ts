import { createHttpClient } from '../../src/core/http/client.js';
import { createConnectorCache } from '../../src/core/connectors/cache.js';
import { fixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { ConnectorDeps } from '../../src/core/connectors/contract.js';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../../src/core/redis/keys.js';

/**
 * Deps for an adapter under test: the real HTTP client over global fetch (which msw intercepts),
 * a real Redis cache, a fixed clock and a silent logger.
 */
export function connectorDeps(redis: Redis, keys: RedisKeys, connectorId = 'test', now = '2026-11-23T09:00:00+03:00'): ConnectorDeps & { clock: ReturnType<typeof fixedClock> } {
  const clock = fixedClock(now);
  return {
    connectorId,
    http: createHttpClient({ logger: silentLogger, defaultTimeoutMs: 2000 }),
    logger: silentLogger,
    clock,
    cache: createConnectorCache(redis, keys, connectorId, silentLogger, () => clock.now().getTime()),
  };
}
