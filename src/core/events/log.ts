import type { Redis } from 'ioredis';
import type { HubEvent } from '../model/index.js';
import type { RedisKeys } from '../redis/keys.js';

/** The hub's event log, a Redis Stream; scripts append to it in the same step as the change. */
export class EventLog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Events strictly after `after` (a stream id), oldest first. */
  async read(after: string | undefined, limit: number): Promise<{ events: HubEvent[]; cursor: string | null }> {
    const start = after ? `(${after}` : '-';
    const rows = await this.redis.xrange(this.keys.events, start, '+', 'COUNT', limit);
    const events = rows.map(([id, fields]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
      const ev: HubEvent = { id, type: f.type ?? 'unknown', at: new Date(Number(f.at)).toISOString(), data: f.data ? (JSON.parse(f.data) as Record<string, unknown>) : {} };
      if (f.orderId) ev.orderId = f.orderId;
      return ev;
    });
    return { events, cursor: events.length ? events[events.length - 1]!.id : (after ?? null) };
  }

  /** Appends an event that no script wrote (shipments, connector runs). */
  async append(type: string, data: Record<string, unknown>, at: Date, orderId?: string): Promise<string> {
    const fields = ['type', type, 'at', String(at.getTime()), 'data', JSON.stringify(data)];
    if (orderId) fields.push('orderId', orderId);
    return (await this.redis.xadd(this.keys.events, 'MAXLEN', '~', '1000000', '*', ...fields)) as string;
  }
}
