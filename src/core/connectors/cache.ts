import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/keys.js';
import type { Logger } from '../logger.js';

export interface CachedOptions {
  /** How long the value may be served at all. */
  ttlMs: number;
  /** After this age a hit is still served, and a refresh runs in the background. */
  refreshAfterMs?: number;
}

/**
 * Per-connector cache in Redis (tokens, city codes, pickup points). `cached()` serves a stale value
 * while it refreshes it in the background, so reference data is never fetched on the request path
 * once it is known.
 */
export interface ConnectorCache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  cached<T>(key: string, opts: CachedOptions, load: () => Promise<T>): Promise<T>;
}

interface Entry<T> {
  v: T;
  at: number;
}

export function createConnectorCache(redis: Redis, keys: RedisKeys, connectorId: string, logger: Logger, now = () => Date.now()): ConnectorCache {
  const k = (key: string) => keys.connectorCache(connectorId, key);
  const inflight = new Map<string, Promise<unknown>>();
  const read = async <T>(key: string): Promise<Entry<T> | undefined> => {
    const raw = await redis.get(k(key));
    return raw ? (JSON.parse(raw) as Entry<T>) : undefined;
  };
  const write = async (key: string, value: unknown, ttlMs: number) => {
    await redis.set(k(key), JSON.stringify({ v: value, at: now() }), 'PX', Math.max(1, Math.round(ttlMs)));
  };
  // One load per key at a time in this process: a burst of quotes makes one token request.
  const load = <T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T> => {
    const running = inflight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const p = fn()
      .then(async (v) => {
        await write(key, v, ttlMs);
        return v;
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, p);
    return p;
  };
  return {
    async get<T>(key: string) {
      return (await read<T>(key))?.v;
    },
    set: write,
    async delete(key) {
      await redis.del(k(key));
    },
    async cached<T>(key: string, opts: CachedOptions, fn: () => Promise<T>): Promise<T> {
      const hit = await read<T>(key);
      if (hit) {
        if (opts.refreshAfterMs !== undefined && now() - hit.at > opts.refreshAfterMs) {
          load(key, opts.ttlMs, fn).catch((err) =>
            logger.warn({ connectorId, key, err: String(err) }, 'background refresh of cached reference data failed; serving the cached copy'),
          );
        }
        return hit.v;
      }
      return load(key, opts.ttlMs, fn);
    },
  };
}
