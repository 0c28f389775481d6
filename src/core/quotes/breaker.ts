import type { Redis } from 'ioredis';
import type { Metrics } from '../metrics.js';
import type { QuoteKeys } from './keys.js';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. @defaultValue 5 */
  failures: number;
  /** The failures must fall within this window, counted from the first. @defaultValue 60 000 */
  windowMs: number;
  /** How long an open circuit skips the courier before one probe call. @defaultValue 30 000 */
  coolDownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failures: 5, windowMs: 60_000, coolDownMs: 30_000 };

/**
 * Whether to call a courier now; `probe` marks the one half-open call that decides, and `clean`
 * that no failure was on record when the gate was read (a success then has nothing to clear).
 */
export type Gate = { call: true; probe: boolean; clean: boolean } | { call: false; code: 'circuit_open' | 'rate_limited'; message: string };

/** What Redis holds for one courier's circuit, as `read` returns it. */
export interface BreakerState {
  /** Set while the courier's 429 Retry-After runs: `<until ms>|<message>`. */
  hold: string | null;
  open: string | null;
  tripped: string | null;
  fails: string | null;
}

/** How long a tripped circuit waits for its probe to succeed before forgetting. */
const TRIPPED_TTL_MS = 24 * 3600_000;

/** The longest Retry-After honoured for all requests, so that a wrong header cannot mute a courier for days. */
const MAX_HOLD_MS = 15 * 60_000;

/** A `<until ms>|<message>` value as "N s" left and the message. */
function untilAndWhy(value: string): [seconds: number, why: string] {
  const bar = value.indexOf('|');
  return [Math.max(1, Math.ceil((Number(value.slice(0, bar)) - Date.now()) / 1000)), value.slice(bar + 1)];
}

/**
 * A circuit breaker per courier with its state in Redis, so every hub process behind the load
 * balancer skips a failing courier together (and a fresh process does not hammer it again).
 * Reads cost one MGET; the engine sends it along with its cache read, so a quote pays no extra round trip.
 *
 * States: closed (no keys) → open (`open` key, expires after the cool-down) → half-open
 * (`tripped` without `open`: one caller wins the `probe` lease and calls; the rest are skipped)
 * → closed again on the probe's success, open again on its failure.
 *
 * Apart from the circuit, a courier that answered 429 with Retry-After is on hold until then:
 * every request skips it, not just the one that was refused.
 */
export class CircuitBreaker {
  constructor(
    private readonly redis: Redis,
    private readonly keys: QuoteKeys,
    private readonly opts: BreakerOptions,
    private readonly metrics: Metrics,
  ) {}

  /** The circuits of these couriers: one MGET, which callers may send along with other reads. */
  async read(ids: string[]): Promise<Map<string, BreakerState>> {
    const out = new Map<string, BreakerState>();
    if (!ids.length) return out;
    const raw = await this.redis.mget(ids.flatMap((id) => [this.keys.breakerHold(id), this.keys.breakerOpen(id), this.keys.breakerTripped(id), this.keys.breakerFails(id)]));
    ids.forEach((id, n) => out.set(id, { hold: raw[4 * n] ?? null, open: raw[4 * n + 1] ?? null, tripped: raw[4 * n + 2] ?? null, fails: raw[4 * n + 3] ?? null }));
    return out;
  }

  /** Gates for the couriers about to be called, from what `read` returned; `probeLeaseMs` bounds how long a probe may take. */
  async gates(ids: string[], probeLeaseMs: number, states: Map<string, BreakerState>): Promise<Map<string, Gate>> {
    const out = new Map<string, Gate>();
    await Promise.all(
      ids.map(async (id) => {
        const { hold, open, tripped, fails } = states.get(id) ?? { hold: null, open: null, tripped: null, fails: null };
        if (hold) {
          const [secs, why] = untilAndWhy(hold);
          out.set(id, { call: false, code: 'rate_limited', message: `skipped for ${secs}s more: the courier asked to wait (429 Retry-After): ${why}` });
        } else if (open) {
          const [secs, why] = untilAndWhy(open);
          out.set(id, { call: false, code: 'circuit_open', message: `skipped for ${secs}s after repeated failures: ${why}` });
        } else if (tripped) {
          const won = await this.redis.set(this.keys.breakerProbe(id), '1', 'PX', Math.max(1, Math.round(probeLeaseMs)), 'NX');
          out.set(id, won ? { call: true, probe: true, clean: false } : { call: false, code: 'circuit_open', message: `skipped while one probe call checks whether the courier has recovered from repeated failures: ${tripped}` });
        } else {
          out.set(id, { call: true, probe: false, clean: !fails });
        }
      }),
    );
    return out;
  }

  /**
   * The courier answered (rates, no service, or a refusal of this request): close the circuit.
   * Callers skip it when their gate was `clean`, which saves three DELs per courier per quote; a
   * failure another process records meanwhile then stays counted within its window.
   */
  async success(id: string): Promise<void> {
    await this.redis.del(this.keys.breakerFails(id), this.keys.breakerTripped(id), this.keys.breakerProbe(id));
  }

  /** The courier answered 429 with Retry-After: every request skips it until then (at most 15 minutes). */
  async hold(id: string, retryAfterMs: number, message: string): Promise<void> {
    const ms = Math.max(1, Math.min(MAX_HOLD_MS, Math.round(retryAfterMs)));
    await this.redis.set(this.keys.breakerHold(id), `${Date.now() + ms}|${message}`, 'PX', ms);
  }

  /** The courier failed; `lastError` is shown to callers while the circuit is open. */
  async failure(id: string, lastError: string, probe: boolean): Promise<void> {
    if (!probe) {
      const fails = this.keys.breakerFails(id);
      // The window starts at the first failure: SET NX PX, then INCR keeps that TTL.
      const res = await this.redis.multi().set(fails, '0', 'PX', this.opts.windowMs, 'NX').incr(fails).exec();
      const count = Number(res?.[1]?.[1] ?? 0);
      if (count < this.opts.failures) return;
    }
    const until = Date.now() + this.opts.coolDownMs;
    await this.redis
      .multi()
      .set(this.keys.breakerOpen(id), `${until}|${lastError}`, 'PX', this.opts.coolDownMs)
      .set(this.keys.breakerTripped(id), lastError, 'PX', TRIPPED_TTL_MS)
      .del(this.keys.breakerFails(id), this.keys.breakerProbe(id))
      .exec();
    this.metrics.circuitOpened.inc({ connector: id });
  }
}
