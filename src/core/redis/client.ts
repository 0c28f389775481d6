import { Redis } from 'ioredis';

/** A client for commands; BullMQ gets its own connections (it needs `maxRetriesPerRequest: null`). */
export function createRedis(url: string, opts: { name?: string; lazyConnect?: boolean } = {}): Redis {
  return new Redis(url, {
    connectionName: opts.name ?? 'svyazka',
    lazyConnect: opts.lazyConnect ?? false,
    // Reconnect forever with a capped backoff: a Redis restart must not kill the hub.
    retryStrategy: (times) => Math.min(times * 100, 2000),
    maxRetriesPerRequest: 3,
    enableAutoPipelining: true,
  });
}
export type { Redis };
