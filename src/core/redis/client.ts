import { Redis } from 'ioredis';

/** A client for commands; BullMQ gets its own connections (it needs `maxRetriesPerRequest: null`). */
export function createRedis(url: string, opts: { name?: string; lazyConnect?: boolean; onError?: (err: Error) => void } = {}): Redis {
  const redis = new Redis(url, {
    connectionName: opts.name ?? 'svyazka',
    lazyConnect: opts.lazyConnect ?? false,
    // Reconnect forever with a capped backoff: a Redis restart must not kill the hub.
    retryStrategy: (times) => Math.min(times * 100, 2000),
    maxRetriesPerRequest: 3,
    enableAutoPipelining: true,
  });
  // Without a listener ioredis prints every failed reconnect; the hub logs them once per outage.
  redis.on('error', opts.onError ?? (() => undefined));
  return redis;
}
export type { Redis };
