import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * Queues and reservations are only as durable as Redis: warn loudly when AOF is off or keys may
 * be evicted. Managed Redis often forbids CONFIG; then say what to check by hand.
 */
export async function checkRedisSettings(redis: Redis, logger: Logger): Promise<string[]> {
  const warnings: string[] = [];
  try {
    const [, aof] = (await redis.config('GET', 'appendonly')) as string[];
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as string[];
    if (aof !== 'yes') warnings.push('Redis has appendonly=no: queued bookings and reservations can be lost if Redis restarts; set appendonly yes');
    if (policy !== 'noeviction') warnings.push(`Redis maxmemory-policy is '${policy}': it may evict queue and stock keys; set maxmemory-policy noeviction`);
  } catch {
    warnings.push('could not read Redis settings (CONFIG GET refused); make sure appendonly=yes and maxmemory-policy=noeviction');
  }
  for (const w of warnings) logger.warn(w);
  return warnings;
}
