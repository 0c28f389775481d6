import type { Redis } from 'ioredis';
import type { RejectedRecord } from '../connectors/contract.js';
import { ProblemError } from '../errors.js';
import type { Hub } from '../hub.js';
import type { RedisKeys } from '../redis/keys.js';
import { tryLock } from '../redis/lock.js';
import { DeadLetterStore } from './dead-letters.js';
import { IntakeService } from './intake.js';

/** A pull holds its lock this long past its last page; a crashed worker's lock frees itself. */
const LOCK_TTL_MS = 5 * 60_000;
/** Time limit of one page (one or a few platform requests). */
const PAGE_TIMEOUT_MS = 120_000;

/** What `GET /v1/admin/connectors/:id` shows of a connector's pulls. */
export interface PullState {
  lastPullAt: string | null;
  cursor: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

/** Per-connector pull state in one Redis hash; the cursor is written only after a page's orders are stored. */
export class PullStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async read(connectorId: string): Promise<PullState> {
    const h = await this.redis.hgetall(this.keys.connectorState(connectorId));
    return { lastPullAt: h.lastPullAt || null, cursor: h.cursor || null, lastError: h.lastError || null, lastErrorAt: h.lastErrorAt || null };
  }

  async saveCursor(connectorId: string, cursor: string): Promise<void> {
    await this.redis.hset(this.keys.connectorState(connectorId), 'cursor', cursor);
  }

  async succeeded(connectorId: string, at: Date): Promise<void> {
    await this.redis.hset(this.keys.connectorState(connectorId), 'lastPullAt', at.toISOString(), 'lastError', '');
  }

  async failed(connectorId: string, message: string, at: Date): Promise<void> {
    await this.redis.hset(this.keys.connectorState(connectorId), 'lastError', message.slice(0, 1000), 'lastErrorAt', at.toISOString());
  }

  async clear(connectorId: string): Promise<void> {
    await this.redis.del(this.keys.connectorState(connectorId));
  }
}

export interface PullOutcome {
  /** `busy`: another pull of this connector holds the lock; nothing was done. */
  status: 'done' | 'busy';
  pages: number;
  orders: number;
  created: number;
  deadLettered: number;
  cursor: string | null;
}

export interface PullOptions {
  /** Stops after this many pages even when the source has more (the next run goes on). */
  maxPages?: number;
}

/**
 * Pulls one orders connector: pages while the source says `more`, takes each page in, and only
 * then stores the cursor, so a crash between the two re-reads the page (intake dedupes) and loses
 * nothing. The next page is read while one is stored. One pull per connector at a time (a Redis
 * lock); a second one answers `busy`.
 */
export async function runPull(hub: Hub, connectorId: string, opts: PullOptions = {}): Promise<PullOutcome> {
  const inst = await hub.connectors.instance(connectorId, 'orders');
  const adapter = inst.adapter;
  if (!adapter.pull) throw new ProblemError(409, 'pull_not_supported', 'Pull not supported', `connector '${connectorId}' (${inst.type}) only receives pushes; it has nothing to pull`);
  const lock = await tryLock(hub.redis, hub.keys.pullLock(connectorId), LOCK_TTL_MS);
  const outcome: PullOutcome = { status: 'busy', pages: 0, orders: 0, created: 0, deadLettered: 0, cursor: null };
  if (!lock) {
    hub.metrics.pulls.inc({ connector: connectorId, outcome: 'busy' });
    return outcome;
  }
  const state = new PullStateStore(hub.redis, hub.keys);
  const intake = new IntakeService(hub);
  const deadLetters = new DeadLetterStore(hub.redis, hub.keys);
  try {
    let cursor = (await state.read(connectorId)).cursor ?? undefined;
    const maxPages = opts.maxPages ?? 1000;
    const fetchPage = (from: string | undefined) => {
      const p = adapter.pull!(from, AbortSignal.timeout(PAGE_TIMEOUT_MS));
      p.catch(() => undefined); // awaited below; a read abandoned after a failure must not crash the process
      return p;
    };
    let next = fetchPage(cursor);
    for (let more = true; more && outcome.pages < maxPages; ) {
      const page = await next;
      // Read the next page while this one is stored: a read ahead moves no cursor, so it is safe.
      if (page.more && outcome.pages + 1 < maxPages) next = fetchPage(page.cursor);
      const summary = await intake.ingest(connectorId, page.orders, { adapter });
      outcome.deadLettered += await keep(deadLetters, hub, connectorId, 'pull', page.rejected ?? []);
      outcome.deadLettered += await keep(deadLetters, hub, connectorId, 'intake', summary.rejected);
      await state.saveCursor(connectorId, page.cursor);
      cursor = page.cursor;
      more = page.more;
      outcome.pages++;
      outcome.orders += page.orders.length;
      hub.metrics.pulledOrders.inc({ connector: connectorId, fate: 'stored' }, page.orders.length - summary.rejected.length);
      outcome.created += summary.created;
      await lock.renew();
    }
    const done = hub.clock.now();
    await state.succeeded(connectorId, done);
    hub.metrics.pulls.inc({ connector: connectorId, outcome: 'done' });
    hub.metrics.lastPull.set({ connector: connectorId }, done.getTime() / 1000);
    hub.logger.info({ connectorId, pages: outcome.pages, orders: outcome.orders, created: outcome.created, deadLettered: outcome.deadLettered }, 'orders pulled');
    return { ...outcome, status: 'done', cursor: cursor ?? null };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await state.failed(connectorId, message, hub.clock.now()).catch(() => undefined);
    hub.metrics.pulls.inc({ connector: connectorId, outcome: 'failed' });
    hub.logger.warn({ connectorId, pages: outcome.pages, err: message }, 'orders pull failed; the next run resumes from the last stored cursor');
    throw err;
  } finally {
    await lock.release().catch(() => undefined);
  }
}

/** Dead-letters records a source could not map; keyed by external id, so a re-pull keeps one entry. */
async function keep(store: DeadLetterStore, hub: Hub, connectorId: string, origin: 'pull' | 'intake', records: RejectedRecord[]): Promise<number> {
  if (records.length) hub.metrics.pulledOrders.inc({ connector: connectorId, fate: 'dead_lettered' }, records.length);
  for (const r of records) {
    await store.add({ connectorId, origin, reason: r.reason, payload: r.payload, ...(r.externalId ? { externalId: r.externalId } : {}) }, hub.clock.now());
  }
  if (records.length) hub.logger.warn({ connectorId, origin, count: records.length }, 'records kept as dead letters');
  return records.length;
}
