import type { Redis } from 'ioredis';
import type { CourierRate } from '../connectors/contract.js';
import type { RedisKeys } from '../redis/keys.js';
import type { QuoteKeys } from './keys.js';

export interface QuoteCacheOptions {
  /** Rates and "no service" answers. @defaultValue 15 minutes */
  ttlMs: number;
  /** Courier failures (not timeouts, which depend on the caller's deadline). @defaultValue 30 000 */
  errorTtlMs: number;
}

export const DEFAULT_QUOTE_CACHE: QuoteCacheOptions = { ttlMs: 15 * 60_000, errorTtlMs: 30_000 };

/** One courier's answer to one request, as cached and as the engine passes it on. */
export type CourierAnswer =
  | { rates: CourierRate[]; noService?: string }
  | { error: { code: string; message: string } };

interface Entry {
  /** Connector config version the answer was made under; a config change makes it a miss. */
  v: string;
  /** When the entry expires (epoch ms), so a hit can tell how long it stays good. */
  x?: number;
  r?: CourierRate[];
  n?: string;
  e?: { code: string; message: string };
}

/**
 * Courier answers per (request digest, connector) in Redis with PX TTLs. A read is one round trip:
 * an MGET over the couriers plus a GET of the connectors' config version, sent back to back without
 * waiting for each other. Entries made under another config version are misses, so an admin's change
 * applies to the next quote.
 */
export class QuoteCache {
  constructor(
    private readonly redis: Redis,
    private readonly hubKeys: RedisKeys,
    private readonly keys: QuoteKeys,
    private readonly opts: QuoteCacheOptions,
  ) {}

  /** The entries of these couriers that are still good, and when the first of them expires. */
  async read(digest: string, ids: string[]): Promise<{ version: string; hits: Map<string, CourierAnswer>; firstExpiry: number }> {
    const [raw, version] = await Promise.all([
      ids.length ? this.redis.mget(ids.map((id) => this.keys.answer(digest, id))) : Promise.resolve([] as (string | null)[]),
      this.redis.get(this.hubKeys.connectorsVersion),
    ]);
    const v = version ?? '0';
    const hits = new Map<string, CourierAnswer>();
    let firstExpiry = Infinity;
    ids.forEach((id, n) => {
      const s = raw[n];
      if (!s) return;
      const e = JSON.parse(s) as Entry;
      if (e.v !== v) return;
      firstExpiry = Math.min(firstExpiry, e.x ?? 0);
      hits.set(id, e.e ? { error: e.e } : e.n !== undefined ? { rates: e.r ?? [], noService: e.n } : { rates: e.r ?? [] });
    });
    return { version: v, hits, firstExpiry };
  }

  /** Stores an answer; `ttlMs` overrides the default for its kind (e.g. a 429's Retry-After). */
  async write(digest: string, id: string, version: string, answer: CourierAnswer, ttlMs?: number): Promise<void> {
    const ttl = ttlMs ?? ('error' in answer ? this.opts.errorTtlMs : this.opts.ttlMs);
    if (ttl <= 0) return;
    const x = Date.now() + Math.round(ttl);
    const entry: Entry = 'error' in answer ? { v: version, x, e: answer.error } : { v: version, x, r: answer.rates, n: answer.noService };
    await this.redis.set(this.keys.answer(digest, id), JSON.stringify(entry), 'PX', Math.round(ttl));
  }
}
