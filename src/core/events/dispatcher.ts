import { randomBytes } from 'node:crypto';
import type { CrmAdapter } from '../connectors/contract.js';
import type { Hub } from '../hub.js';
import type { HubEvent } from '../model/index.js';

/** Give up on one event after this long failing (then log it and move on). */
export const GIVE_UP_AFTER_MS = 72 * 3600_000;
const BATCH = 50;
const LOG_LENGTH = 1000;

export interface DeliveryLogEntry {
  eventId: string;
  type: string;
  orderId?: string;
  outcome: 'delivered' | 'failed' | 'given_up';
  attempt: number;
  at: string;
  error?: string;
}

interface CrmState {
  cursor?: string;
  attempts?: string;
  failingSince?: string;
  nextAttemptAt?: string;
}

const backoffMs = (attempt: number) => Math.min(10 * 60_000, 1000 * 2 ** Math.max(0, attempt - 1));

/**
 * Delivers the event log to every enabled CRM connector, in log order, at least once. Each
 * connector has its own cursor; a failing event holds back the ones after it (so a receiver sees
 * an order's events in order) and is retried with backoff for up to 72 hours. One process at a
 * time drives a connector (a Redis lock), so many worker processes never deliver twice at once.
 */
export class EventDispatcher {
  private readonly owner = randomBytes(6).toString('hex');

  constructor(private readonly hub: Hub) {}

  private stateKey(id: string) {
    return `${this.hub.keys.prefix}:crm-state:${id}`;
  }
  private logKey(id: string) {
    return `${this.hub.keys.prefix}:crm-log:${id}`;
  }
  private lockKey(id: string) {
    return `${this.hub.keys.prefix}:lock:crm:${id}`;
  }

  /** One pass over every CRM connector; returns how many events were delivered. */
  async tick(): Promise<number> {
    let delivered = 0;
    for (const crm of await this.hub.connectors.enabled('crm')) {
      if (!crm.adapter.deliver) continue;
      const locked = await this.hub.redis.set(this.lockKey(crm.id), this.owner, 'PX', 30_000, 'NX');
      if (!locked && (await this.hub.redis.get(this.lockKey(crm.id))) !== this.owner) continue;
      try {
        delivered += await this.drain(crm.id, crm.adapter);
      } finally {
        await this.hub.redis.pexpire(this.lockKey(crm.id), 30_000);
      }
    }
    return delivered;
  }

  async log(connectorId: string, limit = 100): Promise<DeliveryLogEntry[]> {
    return (await this.hub.redis.lrange(this.logKey(connectorId), 0, limit - 1)).map((j) => JSON.parse(j) as DeliveryLogEntry);
  }

  private async drain(id: string, crm: CrmAdapter): Promise<number> {
    const now = () => this.hub.clock.now().getTime();
    const state = (await this.hub.redis.hgetall(this.stateKey(id))) as CrmState;
    if (state.nextAttemptAt && Number(state.nextAttemptAt) > now()) return 0;
    let cursor = state.cursor;
    if (!cursor) {
      // A new subscription starts with what is written from now on.
      const last = await this.hub.redis.xrevrange(this.hub.keys.events, '+', '-', 'COUNT', 1);
      cursor = last[0]?.[0] ?? '0-0';
      await this.hub.redis.hset(this.stateKey(id), 'cursor', cursor);
    }
    let delivered = 0;
    for (;;) {
      const { events } = await this.hub.events.read(cursor, BATCH);
      if (!events.length) return delivered;
      for (const event of events) {
        if (!crm.accepts || crm.accepts(event)) {
          const attempt = Number(state.attempts ?? 0) + 1;
          try {
            await crm.deliver!(event, { getOrder: (oid) => this.hub.orders.get(oid), signal: AbortSignal.timeout(30_000) });
            await this.record(id, event, 'delivered', attempt);
            delivered++;
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            const since = Number(state.failingSince ?? now());
            if (now() - since < GIVE_UP_AFTER_MS) {
              state.attempts = String(attempt);
              state.failingSince = String(since);
              state.nextAttemptAt = String(now() + backoffMs(attempt));
              await this.hub.redis.hset(this.stateKey(id), { attempts: state.attempts, failingSince: state.failingSince, nextAttemptAt: state.nextAttemptAt });
              await this.record(id, event, 'failed', attempt, message);
              if (attempt === 1) this.hub.logger.warn({ connectorId: id, eventId: event.id, err: message }, 'event delivery failed; retrying with backoff (later events wait)');
              return delivered;
            }
            await this.record(id, event, 'given_up', attempt, message);
            this.hub.logger.error({ connectorId: id, eventId: event.id, err: message }, 'gave up delivering an event after 72 hours; moving on');
          }
        }
        cursor = event.id;
        delete state.attempts;
        delete state.failingSince;
        delete state.nextAttemptAt;
        await this.hub.redis.multi().hset(this.stateKey(id), 'cursor', cursor).hdel(this.stateKey(id), 'attempts', 'failingSince', 'nextAttemptAt').exec();
      }
    }
  }

  private async record(id: string, e: HubEvent, outcome: DeliveryLogEntry['outcome'], attempt: number, error?: string) {
    const entry: DeliveryLogEntry = { eventId: e.id, type: e.type, orderId: e.orderId, outcome, attempt, at: this.hub.clock.now().toISOString(), ...(error ? { error } : {}) };
    await this.hub.redis.multi().lpush(this.logKey(id), JSON.stringify(entry)).ltrim(this.logKey(id), 0, LOG_LENGTH - 1).exec();
  }
}

/** Runs `tick` every `everyMs` until stopped; used by `svyazka worker` and `npm start`. */
export function runDispatcher(hub: Hub, everyMs = 250): { dispatcher: EventDispatcher; stop(): Promise<void> } {
  const dispatcher = new EventDispatcher(hub);
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const loop = async () => {
    while (!stopped) {
      running = dispatcher.tick().then(
        () => undefined,
        (err) => hub.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'event dispatcher pass failed'),
      );
      await running;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  void loop();
  return {
    dispatcher,
    async stop() {
      stopped = true;
      await running;
    },
  };
}
