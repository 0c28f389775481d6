import type { Redis } from 'ioredis';
import { ConnectorError, isConnectorError } from '../errors.js';
import type { Address, DeliveryType, Parcel, QuoteError } from '../model/index.js';
import type { CourierRate, QuoteOutcome } from '../connectors/contract.js';
import type { ConnectorInstance } from '../connectors/service.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { RedisKeys } from '../redis/keys.js';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerOptions } from './breaker.js';
import { DEFAULT_QUOTE_CACHE, QuoteCache, type CourierAnswer, type QuoteCacheOptions } from './cache.js';
import { quoteKeys } from './keys.js';
import { LatencyTracker } from './latency.js';
import { ConnectorLimiter } from './limiter.js';
import { quoteDigest } from './normalise.js';

export interface FanOutInput {
  origin: Address;
  destination: Address;
  parcels: Parcel[];
  declaredValue: number;
  currency: string;
  deliveryTypes?: DeliveryType[];
}

export interface FanOutResult {
  rates: { connectorId: string; rate: CourierRate }[];
  errors: QuoteError[];
  /** Set when every courier's answer came from the cache: until when (epoch ms) they all stay good. */
  cachedUntil?: number;
}

/** What the engine needs from the hub. */
export interface QuoteRuntime {
  redis: Redis;
  keys: RedisKeys;
  metrics: Metrics;
  logger: Logger;
}

/** Tuning of the fan-out; every field optional, defaults as documented. */
export interface QuoteEngineOptions {
  /** Per-attempt timeout by connector id; a courier not listed gets the request deadline. */
  connectorTimeoutMs?: Record<string, number>;
  /** Calls in flight per connector in this process. @defaultValue 16 */
  concurrency?: number;
  /** Per-connector overrides of `concurrency`, by connector id. */
  concurrencyByConnector?: Record<string, number>;
  /** A transient failure is retried once if at least this much (and 2× the courier's median latency) is left. @defaultValue 300 */
  retryMinRoomMs?: number;
  breaker?: Partial<BreakerOptions>;
  /** TTLs of cached answers; `false` turns the cache off. */
  cache?: Partial<QuoteCacheOptions> | false;
}

/** Failures that say nothing about the courier's health: the request itself was refused. */
const HEALTHY_CODES = new Set(['invalid_request', 'no_service']);
/** Failures not cached: they depend on the caller's deadline or the breaker, not on the request. */
const UNCACHED_CODES = new Set(['timeout', 'circuit_open']);

/**
 * Asks couriers for rates, all at once, and answers by the deadline with what came back. Per
 * courier: a cached answer if there is one; else the circuit breaker's say; else a call under the
 * courier's concurrency limit and timeout, retried once after a transient failure or a 429 when
 * the deadline leaves room. A courier still working at the deadline is reported as `timeout`;
 * "no service" is an answer, not a failure.
 */
export class QuoteEngine {
  private readonly cache: QuoteCache | undefined;
  private readonly breaker: CircuitBreaker;
  private readonly limiter: ConnectorLimiter;
  private readonly latency = new LatencyTracker();
  private readonly metrics: Metrics;
  private readonly logger: Logger;

  constructor(rt: QuoteRuntime, private readonly opts: QuoteEngineOptions = {}) {
    const keys = quoteKeys(rt.keys.prefix);
    this.metrics = rt.metrics;
    this.logger = rt.logger;
    this.cache = opts.cache === false ? undefined : new QuoteCache(rt.redis, rt.keys, keys, { ...DEFAULT_QUOTE_CACHE, ...opts.cache });
    this.breaker = new CircuitBreaker(rt.redis, keys, { ...DEFAULT_BREAKER, ...opts.breaker }, rt.metrics);
    const concurrency = opts.concurrency ?? 16;
    this.limiter = new ConnectorLimiter((id) => opts.concurrencyByConnector?.[id] ?? concurrency);
  }

  async fanOut(couriers: ConnectorInstance<'courier'>[], input: FanOutInput, deadlineMs: number): Promise<FanOutResult> {
    const deadlineAt = Date.now() + deadlineMs;
    const rates: FanOutResult['rates'] = [];
    const errors: QuoteError[] = [];
    const report = (id: string, a: CourierAnswer) => {
      if ('error' in a) errors.push({ connectorId: id, ...a.error });
      else if (a.rates.length) for (const rate of a.rates) rates.push({ connectorId: id, rate });
      else errors.push({ connectorId: id, code: 'no_service', message: a.noService ?? 'no service to this destination' });
    };
    const fail = (id: string, code: string, message: string) => {
      this.metrics.quoteErrors.inc({ connector: id, code });
      errors.push({ connectorId: id, code, message });
    };

    const digest = quoteDigest(input);
    const ids = couriers.map((c) => c.id);
    // The circuits are read with the cache, in the same round trip, though only the misses need them.
    const [read, circuits] = await Promise.all([this.cache?.read(digest, ids), this.breaker.read(ids)]);
    const misses: ConnectorInstance<'courier'>[] = [];
    for (const c of couriers) {
      const hit = read?.hits.get(c.id);
      if (this.cache) this.metrics.quoteCache.inc({ connector: c.id, result: hit ? 'hit' : 'miss' });
      if (hit) report(c.id, hit);
      else misses.push(c);
    }
    if (!misses.length) return { rates, errors, ...(read && couriers.length ? { cachedUntil: read.firstExpiry } : {}) };

    const gates = await this.breaker.gates(misses.map((c) => c.id), deadlineMs, circuits);
    const pending = new Set<string>();
    const calls: Promise<void>[] = [];
    for (const c of misses) {
      const gate = gates.get(c.id)!;
      if (!gate.call) {
        fail(c.id, gate.code, gate.message);
        continue;
      }
      pending.add(c.id);
      calls.push(
        this.ask(c, input, deadlineAt, gate, digest, read?.version).then((a) => {
          if (!pending.delete(c.id)) return;
          if ('error' in a) fail(c.id, a.error.code, a.error.message);
          else report(c.id, a);
        }),
      );
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(calls), new Promise<void>((res) => (timer = setTimeout(res, Math.max(0, deadlineAt - Date.now()))))]);
    clearTimeout(timer);
    for (const id of pending) fail(id, 'timeout', `no answer within the ${deadlineMs} ms deadline`);
    pending.clear();
    return { rates, errors };
  }

  /** One courier, start to finish: the call, then the breaker and the cache learn the outcome. */
  private async ask(c: ConnectorInstance<'courier'>, input: FanOutInput, deadlineAt: number, gate: { probe: boolean; clean: boolean }, digest: string, version: string | undefined): Promise<CourierAnswer> {
    let answer: CourierAnswer;
    let ttl: number | undefined;
    let healthy: boolean;
    try {
      const out = await this.call(c, input, deadlineAt);
      answer = out.rates.length ? { rates: out.rates } : { rates: [], noService: out.noService ?? 'no service to this destination' };
      healthy = true;
    } catch (err) {
      const known = isConnectorError(err);
      const code = known ? err.code : 'internal';
      const message = known ? err.message : `connector failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`;
      // "No service" thrown rather than returned is still an answer, cached like rates.
      answer = code === 'no_service' ? { rates: [], noService: message } : { error: { code, message } };
      healthy = HEALTHY_CODES.has(code);
      if (UNCACHED_CODES.has(code)) ttl = 0;
      else if (known && err.retryAfterMs !== undefined) ttl = Math.min(err.retryAfterMs, this.cacheErrorTtl());
    }
    const writes: Promise<unknown>[] = [];
    if (healthy && !gate.clean) writes.push(this.breaker.success(c.id));
    else if (!healthy && 'error' in answer) writes.push(this.breaker.failure(c.id, `${answer.error.code}: ${answer.error.message}`, gate.probe));
    if (this.cache && version !== undefined && ttl !== 0) writes.push(this.cache.write(digest, c.id, version, answer, ttl));
    const recorded = Promise.all(writes).catch((err) => this.logger.warn({ connectorId: c.id, err: String(err) }, 'could not record a courier answer in Redis; quoting goes on'));
    // A good answer goes out without waiting for its writes: they are single commands already
    // queued on the connection, so the next read sees them. A failure waits, since opening the
    // circuit takes two round trips and the next quote must find it open.
    if (!healthy) await recorded;
    return answer;
  }

  /** The call with at most one retry, for a transient failure or a 429 that fits the deadline. */
  private async call(c: ConnectorInstance<'courier'>, input: FanOutInput, deadlineAt: number): Promise<QuoteOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(c, input, deadlineAt);
      } catch (e) {
        if (!isConnectorError(e)) throw e;
        if (e.code === 'rate_limited' && e.retryAfterMs !== undefined) {
          // Other requests hold off too; queued on the connection, so the next quote's read sees it.
          this.breaker.hold(c.id, e.retryAfterMs, e.message).catch((err) => this.logger.warn({ connectorId: c.id, err: String(err) }, 'could not record a courier\'s Retry-After in Redis; quoting goes on'));
        }
        if (attempt > 0) throw e;
        const left = deadlineAt - Date.now();
        const room = Math.max(this.opts.retryMinRoomMs ?? 300, 2 * (this.latency.median(c.id) ?? 0));
        if (e.code === 'rate_limited' && e.retryAfterMs !== undefined) {
          if (e.retryAfterMs + room > left) {
            throw new ConnectorError('rate_limited', `${e.message} (the courier asks to retry after ${Math.ceil(e.retryAfterMs / 1000)}s, past this request's deadline)`, { retryAfterMs: e.retryAfterMs });
          }
          this.metrics.quoteRetries.inc({ connector: c.id, reason: 'rate_limited' });
          await new Promise((res) => setTimeout(res, e.retryAfterMs));
          continue;
        }
        if (!e.transient || left <= room) throw e;
        this.metrics.quoteRetries.inc({ connector: c.id, reason: e.code });
      }
    }
  }

  /** One call under the courier's concurrency limit and timeout; the slot frees when the adapter settles. */
  private async attempt(c: ConnectorInstance<'courier'>, input: FanOutInput, deadlineAt: number): Promise<QuoteOutcome> {
    const release = await this.limiter.acquire(c.id, deadlineAt);
    const left = deadlineAt - Date.now();
    if (left <= 0) {
      release();
      throw new ConnectorError('timeout', 'no answer before the request deadline');
    }
    const own = this.opts.connectorTimeoutMs?.[c.id];
    const budget = Math.min(own ?? left, left);
    const controller = new AbortController();
    const started = performance.now();
    const call = Promise.resolve().then(() => c.adapter.quote({ ...input, signal: controller.signal }));
    call.then(release, release);
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new ConnectorError('timeout', own !== undefined && own <= left ? `no answer within the courier's ${own} ms timeout` : 'no answer before the request deadline'));
        controller.abort();
      }, budget);
    });
    const observe = (outcome: string) => this.metrics.quoteDuration.observe({ connector: c.id, outcome }, (performance.now() - started) / 1000);
    try {
      const out = await Promise.race([call, timeout]);
      this.latency.record(c.id, performance.now() - started);
      observe(out.rates.length ? 'ok' : 'no_service');
      return out;
    } catch (err) {
      if (!timedOut) this.latency.record(c.id, performance.now() - started);
      observe(timedOut ? 'timeout' : 'error');
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private cacheErrorTtl(): number {
    return (this.opts.cache ? this.opts.cache.errorTtlMs : undefined) ?? DEFAULT_QUOTE_CACHE.errorTtlMs;
  }

  /** Counts answers given from memory (QuoteReplay) as the cache hits they are. */
  countCacheHits(ids: readonly string[]): void {
    if (this.cache) this.metrics.countReplayedHits(ids);
  }

  /** Calls in flight to a courier from this process (for tests and diagnostics). */
  inFlight(connectorId: string): number {
    return this.limiter.inFlight(connectorId);
  }
}
