import { Redis } from 'ioredis';

/** A client for commands; BullMQ gets its own connections (it needs `maxRetriesPerRequest: null`). */
export function createRedis(url: string, opts: { name?: string; lazyConnect?: boolean; onError?: (err: Error) => void } = {}): Redis {
  const redis = new Redis(url, {
    connectionName: opts.name ?? 'svyazka',
    lazyConnect: opts.lazyConnect ?? false,
    // Reconnect forever with a capped backoff: a Redis restart must not kill the hub.
    retryStrategy: (times) => Math.min(times * 100, 2000),
    maxRetriesPerRequest: 3,
    // Each command is written as it is issued, not gathered into one write per tick. Commands
    // issued together are still in flight together (one round trip of waiting), and Redis starts
    // on the first while the hub is still issuing the rest. Gathered, 50 concurrent confirmations
    // went out as one batch and came back as one, and the hub and Redis took turns idling: 11k
    // against 19.5k confirmations/s ungathered (bench/confirmations.md).
    enableAutoPipelining: false,
  });
  // Without a listener ioredis prints every failed reconnect; the hub logs them once per outage.
  redis.on('error', opts.onError ?? (() => undefined));
  return redis;
}
export type { Redis };
