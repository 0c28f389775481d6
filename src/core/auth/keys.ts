import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/keys.js';
import { sha256Hex } from '../secrets.js';
import { NotFoundError } from '../errors.js';

export const SCOPES = ['quotes', 'orders', 'stock', 'admin'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: Scope[];
  /** SHA-256 of the key: keys are 256-bit random, so a fast hash is enough and lookups stay O(1). */
  hash: string;
  createdAt: string;
}

export const BOOTSTRAP_KEY_ID = 'bootstrap';

/**
 * How long a verified key is trusted without asking Redis again. Every API call authenticates, and
 * two Redis round trips per call were a tenth of a quote's cost; a key revoked through another hub
 * process stops working within this time (at once in the process that revoked it).
 */
export const AUTH_CACHE_MS = 5_000;
const AUTH_CACHE_MAX = 10_000;

/** API keys, stored hashed. The key itself is shown once, when it is created. */
export class ApiKeyStore {
  private readonly verified = new Map<string, { record: ApiKeyRecord; until: number }>();
  /** The key each keep-alive connection last sent, verified; dropped with the connection. */
  private readonly byConnection = new WeakMap<object, { key: string; record: ApiKeyRecord; until: number; revocations: number }>();
  /** Keys revoked or replaced through this process: a connection's remembered key is checked again after one. */
  private revocations = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly cacheMs = AUTH_CACHE_MS,
  ) {}

  async create(name: string, scopes: Scope[], now: Date): Promise<{ record: ApiKeyRecord; key: string }> {
    const id = `key_${randomBytes(6).toString('hex')}`;
    const key = `svz_${randomBytes(32).toString('base64url')}`;
    const record = await this.save({ id, name, scopes, hash: sha256Hex(key), createdAt: now.toISOString() });
    return { record, key };
  }

  /** Stores (or replaces) the bootstrap admin key, which carries every scope. */
  async setBootstrap(key: string, now: Date): Promise<void> {
    const old = await this.get(BOOTSTRAP_KEY_ID);
    if (old?.hash === sha256Hex(key)) return;
    if (old) {
      await this.redis.del(this.keys.apiKeyByHash(old.hash));
      this.verified.delete(old.hash);
      this.revocations++;
    }
    await this.save({ id: BOOTSTRAP_KEY_ID, name: 'bootstrap admin', scopes: [...SCOPES], hash: sha256Hex(key), createdAt: now.toISOString() });
  }

  async hasBootstrap(): Promise<boolean> {
    return (await this.redis.hexists(this.keys.apiKeys, BOOTSTRAP_KEY_ID)) === 1;
  }

  /**
   * The record of a valid key. With `connection` (the request's socket), the verified key is
   * remembered for that connection: a client sends the same key with every request of a keep-alive
   * connection, and hashing it every time was a twentieth of a replayed quote's CPU. The key is
   * compared only with what that same connection sent before, and trusted no longer than the
   * per-hash cache trusts it.
   */
  async authenticate(key: string, connection?: object): Promise<ApiKeyRecord | undefined> {
    if (!connection) return (await this.verify(key))?.record;
    const last = this.byConnection.get(connection);
    if (last && last.key === key && last.until > Date.now() && last.revocations === this.revocations) return last.record;
    const revocations = this.revocations;
    const verified = await this.verify(key);
    if (verified) this.byConnection.set(connection, { key, ...verified, revocations });
    else this.byConnection.delete(connection);
    return verified?.record;
  }

  private async verify(key: string): Promise<{ record: ApiKeyRecord; until: number } | undefined> {
    const hash = sha256Hex(key);
    const hit = this.verified.get(hash);
    if (hit && hit.until > Date.now()) return hit;
    const id = await this.redis.get(this.keys.apiKeyByHash(hash));
    const record = id ? await this.get(id) : undefined;
    if (!record) return undefined;
    const entry = { record, until: Date.now() + this.cacheMs };
    // Only valid keys are remembered, so a flood of wrong keys cannot grow the map.
    if (this.cacheMs > 0) {
      if (this.verified.size >= AUTH_CACHE_MAX) this.verified.clear();
      this.verified.set(hash, entry);
    }
    return entry;
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const raw = await this.redis.hget(this.keys.apiKeys, id);
    return raw ? (JSON.parse(raw) as ApiKeyRecord) : undefined;
  }

  async list(): Promise<Omit<ApiKeyRecord, 'hash'>[]> {
    const all = await this.redis.hvals(this.keys.apiKeys);
    return all.map((j) => {
      const { hash: _hash, ...rest } = JSON.parse(j) as ApiKeyRecord;
      return rest;
    });
  }

  async delete(id: string): Promise<void> {
    const rec = await this.get(id);
    if (!rec) throw new NotFoundError('API key', id);
    await this.redis.multi().hdel(this.keys.apiKeys, id).del(this.keys.apiKeyByHash(rec.hash)).exec();
    this.verified.delete(rec.hash);
    this.revocations++;
  }

  private async save(record: ApiKeyRecord): Promise<ApiKeyRecord> {
    await this.redis.multi().hset(this.keys.apiKeys, record.id, JSON.stringify(record)).set(this.keys.apiKeyByHash(record.hash), record.id).exec();
    return record;
  }
}
