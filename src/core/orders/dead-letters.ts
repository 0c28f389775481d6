import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { InboundRequest } from '../connectors/contract.js';
import { ConflictError } from '../errors.js';
import { newId } from '../ids.js';
import type { RedisKeys } from '../redis/keys.js';

/** A payload the hub could not turn into orders, kept for an admin to read, fix the config and replay. */
export interface DeadLetter {
  id: string;
  connectorId: string;
  /** `push`: a whole request (replayed through the adapter); `pull` or `intake`: one record. */
  origin: 'push' | 'pull' | 'intake';
  at: string;
  reason: string;
  externalId?: string;
  /** The platform endpoint's action (`notification`, `push`) when the request came through one. */
  action?: string;
  /** The pushed request, with credentials removed. */
  request?: InboundRequest;
  /** The record as the source sent it (pull) or as the adapter mapped it (intake). */
  payload?: unknown;
  attempts: number;
}

/** Headers, query parameters and body fields that may carry a credential: never stored. */
const SECRET_NAME = /^(auth|authorization|proxy-authorization|cookie|set-cookie|sig|sign|key|hash)$|^x-auth|token|secret|signature|password|passwd|api[-_]?key|session|hmac/i;
/** Headers worth keeping to read a body again; everything else (client ids, proxies) is noise. */
const KEPT_HEADERS = new Set(['content-type', 'user-agent']);

/** The request as stored: only harmless headers, no credential-looking query or body field. */
export function withoutSecrets(req: InboundRequest): InboundRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (KEPT_HEADERS.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query)) if (!SECRET_NAME.test(k)) query[k] = v;
  return { method: req.method, headers, query, body: redactBody(req.body, headers['content-type'] ?? '') };
}

function redactBody(body: string, contentType: string): string {
  const text = body.trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.stringify(redactJson(JSON.parse(text)));
    } catch {
      return body;
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType) || (!contentType && /^[^=&\s]+=/.test(text))) {
    const form = new URLSearchParams(text);
    for (const k of [...form.keys()]) if (SECRET_NAME.test(k.replace(/\[.*$/, '')) || SECRET_NAME.test(k)) form.delete(k);
    return form.toString();
  }
  return body;
}

function redactJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactJson);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([k]) => !SECRET_NAME.test(k)).map(([k, x]) => [k, redactJson(x)]));
  }
  return v;
}

/** Dead letters in Redis: entries in a hash by id, ids in a sorted set by time (oldest first). */
export class DeadLetterStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async add(entry: Omit<DeadLetter, 'id' | 'attempts' | 'at'>, now: Date): Promise<DeadLetter> {
    // A record read again (a re-pull after a crash, an overlapping window) keeps one entry.
    const id = entry.origin !== 'push' && entry.externalId
      ? `dl_${createHash('sha256').update(`${entry.connectorId}\n${entry.externalId}`).digest('hex').slice(0, 20)}`
      : newId('dl', now.getTime());
    const stored: DeadLetter = {
      id,
      at: now.toISOString(),
      attempts: 0,
      ...entry,
      ...(entry.request ? { request: withoutSecrets(entry.request) } : {}),
    };
    await this.redis.multi().hset(this.keys.deadLetters, stored.id, JSON.stringify(stored)).zadd(this.keys.deadLetterIndex, 'NX', now.getTime(), stored.id).exec();
    return stored;
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const raw = await this.redis.hget(this.keys.deadLetters, id);
    return raw ? (JSON.parse(raw) as DeadLetter) : undefined;
  }

  /** Oldest first; the cursor is the last id of the previous page. */
  async list(opts: { limit: number; cursor?: string; connectorId?: string }): Promise<{ items: DeadLetter[]; nextCursor: string | null }> {
    let min = '-inf';
    if (opts.cursor) {
      const score = await this.redis.zscore(this.keys.deadLetterIndex, opts.cursor);
      if (score === null) throw new ConflictError('stale_cursor', 'the cursor no longer points into the dead-letter list (replayed or deleted); start again without it');
      min = score;
    }
    const items: DeadLetter[] = [];
    let offset = 0;
    let passed = !opts.cursor;
    // Scans on past other connectors' entries when filtering; pages stay `limit` long.
    for (;;) {
      const ids = await this.redis.zrangebyscore(this.keys.deadLetterIndex, min, '+inf', 'LIMIT', offset, 200);
      if (!ids.length) return { items, nextCursor: null };
      offset += ids.length;
      const raws = await this.redis.hmget(this.keys.deadLetters, ...ids);
      for (let i = 0; i < ids.length; i++) {
        if (!passed) {
          passed = ids[i] === opts.cursor;
          continue;
        }
        const raw = raws[i];
        if (!raw) continue;
        const dl = JSON.parse(raw) as DeadLetter;
        if (opts.connectorId && dl.connectorId !== opts.connectorId) continue;
        if (items.length === opts.limit) return { items, nextCursor: items[items.length - 1]!.id };
        items.push(dl);
      }
    }
  }

  async update(dl: DeadLetter): Promise<void> {
    await this.redis.hset(this.keys.deadLetters, dl.id, JSON.stringify(dl));
  }

  async remove(id: string): Promise<boolean> {
    const [[, n]] = (await this.redis.multi().hdel(this.keys.deadLetters, id).zrem(this.keys.deadLetterIndex, id).exec()) as [[null, number], [null, number]];
    return n === 1;
  }
}
