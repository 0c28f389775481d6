import type { MiddlewareHandler } from 'hono';
import type { Redis } from 'ioredis';
import { ConflictError, ValidationError } from '../errors.js';
import type { RedisKeys } from '../redis/keys.js';
import { sha256Hex } from '../secrets.js';

const TTL_SECONDS = 24 * 3600;
const PENDING = 'pending';

/**
 * `Idempotency-Key` for write endpoints: the first response (status and body) is kept for 24 h
 * and replayed for the same key; the same key with a different body is a 422, and a request
 * still running under that key is a 409 rather than a second run.
 */
export function idempotency(redis: Redis, keys: RedisKeys): MiddlewareHandler {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (!key) return next();
    if (key.length > 200) throw new ValidationError('Idempotency-Key is too long', [{ path: 'Idempotency-Key', message: 'at most 200 characters' }]);
    const principal = (c.get('apiKey' as never) as { id?: string } | undefined)?.id ?? 'anonymous';
    const storeKey = keys.idempotency(`${principal}:${c.req.method}:${c.req.path}`, sha256Hex(key));
    const fingerprint = sha256Hex(await c.req.raw.clone().text());
    const claimed = await redis.set(storeKey, JSON.stringify({ state: PENDING, fingerprint }), 'EX', TTL_SECONDS, 'NX');
    if (!claimed) {
      const saved = JSON.parse((await redis.get(storeKey)) ?? '{}') as { state?: string; fingerprint?: string; status?: number; body?: string; type?: string };
      if (saved.fingerprint !== fingerprint) {
        throw new ConflictError('idempotency_key_reused', 'this Idempotency-Key was used with a different request body');
      }
      if (saved.state === PENDING) throw new ConflictError('idempotency_in_progress', 'a request with this Idempotency-Key is still being processed; retry shortly');
      return new Response(saved.body ?? '', { status: saved.status ?? 200, headers: { 'content-type': saved.type ?? 'application/json', 'idempotent-replayed': 'true' } });
    }
    try {
      await next();
    } catch (err) {
      await redis.del(storeKey);
      throw err;
    }
    const res = c.res;
    if (res.status >= 500) {
      await redis.del(storeKey);
      return;
    }
    const body = await res.clone().text();
    await redis.set(storeKey, JSON.stringify({ state: 'done', fingerprint, status: res.status, body, type: res.headers.get('content-type') }), 'EX', TTL_SECONDS);
  };
}
