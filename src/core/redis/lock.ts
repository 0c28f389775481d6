import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { scriptRunner } from './scripts.js';

export interface Lock {
  /** Extends the lock by its time to live again, if it is still ours. */
  renew(): Promise<void>;
  /** Frees the lock, if it is still ours (a holder that overran must not free the next one's lock). */
  release(): Promise<void>;
}

/**
 * A Redis lock that expires on its own, so a holder that crashed frees it; `undefined` when
 * someone else holds it. Renew and release go through `lock-renew-1`, which acts only while the
 * holder's token is still the one stored.
 */
export async function tryLock(redis: Redis, key: string, ttlMs: number): Promise<Lock | undefined> {
  const token = randomBytes(12).toString('hex');
  if (!(await redis.set(key, token, 'PX', ttlMs, 'NX'))) return undefined;
  const run = scriptRunner(redis);
  return {
    async renew() {
      await run('lock-renew-1', [key], [token, ttlMs]);
    },
    async release() {
      await run('lock-renew-1', [key], [token, 0]);
    },
  };
}
