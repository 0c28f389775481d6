import type { Redis } from 'ioredis';
import { NotFoundError } from '../errors.js';
import type { RedisKeys } from '../redis/keys.js';
import { ACTIVE_STATES, type Shipment, type ShipmentState } from './model.js';

/**
 * Shipments in Redis, in the orders slot. One writer at a time per shipment: the API creates it,
 * then only its booking job (BullMQ runs one at a time per job id) or the tracking job change it.
 */
export class ShipmentStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  private key(id: string) {
    return `${this.keys.prefix}:{orders}:shipment:${id}`;
  }
  private byOrder(orderId: string) {
    return `${this.keys.prefix}:{orders}:shipments-of:${orderId}`;
  }
  get activeKey() {
    return `${this.keys.prefix}:{orders}:shipments-active`;
  }

  async create(s: Shipment): Promise<void> {
    await this.redis.multi().set(this.key(s.id), JSON.stringify(s)).sadd(this.byOrder(s.orderId), s.id).exec();
  }

  async find(id: string): Promise<Shipment | undefined> {
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(raw) as Shipment) : undefined;
  }

  async get(id: string): Promise<Shipment> {
    const s = await this.find(id);
    if (!s) throw new NotFoundError('shipment', id);
    return s;
  }

  async ofOrder(orderId: string): Promise<Shipment[]> {
    const ids = await this.redis.smembers(this.byOrder(orderId));
    const all = await Promise.all(ids.map((id) => this.find(id)));
    return all.filter((s): s is Shipment => !!s).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Saves a change; a state change is added to the history and keeps the active index right. */
  async update(id: string, patch: Partial<Shipment>, now: Date, cause?: string): Promise<Shipment> {
    const s = await this.get(id);
    const at = now.toISOString();
    const next: Shipment = { ...s, ...patch, updatedAt: at };
    if (patch.state && patch.state !== s.state) next.history = [...s.history, { state: patch.state, at, cause: cause ?? 'updated' }];
    const tx = this.redis.multi().set(this.key(id), JSON.stringify(next));
    if (ACTIVE_STATES.includes(next.state)) tx.sadd(this.activeKey, id);
    else tx.srem(this.activeKey, id);
    await tx.exec();
    return next;
  }

  async activeIds(): Promise<string[]> {
    return this.redis.smembers(this.activeKey);
  }

  async setState(id: string, state: ShipmentState, now: Date, cause: string, patch: Partial<Shipment> = {}) {
    return this.update(id, { ...patch, state }, now, cause);
  }
}
