import type { Redis } from 'ioredis';
import { ConnectorError } from '../errors.js';
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
  /**
   * The value, loading it on a miss. One load per key runs at a time and serves every caller
   * waiting for it, and background refreshes too, so `load` must not use any one caller's
   * AbortSignal (its requests' own timeouts bound it); `signal` ends only this caller's wait.
   */
  cached<T>(key: string, opts: CachedOptions, load: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

const MEMO_MS = 5_000;
const MEMO_MAX = 1_000;

interface Entry<T> {
  v: T;
  at: number;
}

export function createConnectorCache(redis: Redis, keys: RedisKeys, connectorId: string, logger: Logger, now = () => Date.now()): ConnectorCache {
  const k = (key: string) => keys.connectorCache(connectorId, key);
  const inflight = new Map<string, Promise<unknown>>();
  // Entries read from Redis are kept here for a few seconds: a courier's city list can be
  // megabytes, and parsing it again on every quote cost more than the quote itself. Writes and
  // deletes in this process apply at once; another process's refresh shows within MEMO_MS.
  const memo = new Map<string, { entry: Entry<unknown>; until: number; expiresAt: number }>();
  const read = async <T>(key: string): Promise<Entry<T> | undefined> => {
    const t = now();
    const m = memo.get(key);
    if (m && m.until > t && m.expiresAt > t) return m.entry as Entry<T>;
    const [raw, pttl] = await Promise.all([redis.get(k(key)), redis.pttl(k(key))]);
    if (!raw) {
      memo.delete(key);
      return undefined;
    }
    const entry = JSON.parse(raw) as Entry<T>;
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(key, { entry, until: t + MEMO_MS, expiresAt: pttl > 0 ? t + pttl : t + MEMO_MS });
    return entry;
  };
  const write = async (key: string, value: unknown, ttlMs: number) => {
    const entry = { v: value, at: now() };
    const px = Math.max(1, Math.round(ttlMs));
    await redis.set(k(key), JSON.stringify(entry), 'PX', px);
    memo.set(key, { entry, until: entry.at + MEMO_MS, expiresAt: entry.at + px });
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
      memo.delete(key);
      await redis.del(k(key));
    },
    async cached<T>(key: string, opts: CachedOptions, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      const hit = await read<T>(key);
      if (hit) {
        if (opts.refreshAfterMs !== undefined && now() - hit.at > opts.refreshAfterMs) {
          load(key, opts.ttlMs, fn).catch((err) =>
            logger.warn({ connectorId, key, err: String(err) }, 'background refresh of cached reference data failed; serving the cached copy'),
          );
        }
        return hit.v;
      }
      return untilAborted(load(key, opts.ttlMs, fn), signal, key);
    },
  };
}

/** Stops waiting for shared work when this caller's signal ends; the work goes on for the others. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, key: string): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ConnectorError('timeout', `the request stopped waiting for the shared lookup '${key}'`, { cause: signal.reason }));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
