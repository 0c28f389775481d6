import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createRedis, type Redis } from '../../src/core/redis/client.js';
import { redisKeys } from '../../src/core/redis/keys.js';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** A client on the run's private Redis with a fresh key prefix; `cleanup()` deletes its keys. */
export function testRedis() {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const redis = createRedis(testRedisUrl(), { name: 'svyazka-test' });
  return {
    redis,
    prefix,
    keys: redisKeys(prefix),
    async cleanup() {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    },
  };
}

export async function deletePrefix(redis: Redis, prefix: string) {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (found.length) await redis.del(...found);
  } while (cursor !== '0');
}
