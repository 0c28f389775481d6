import type { Redis } from 'ioredis';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Warehouse } from '../model/index.js';
import type { RedisKeys } from '../redis/keys.js';

/** Warehouses are configuration: where stock lives and where parcels leave from. */
export class WarehouseStore {
  private recent?: { list: Warehouse[]; ids: string[]; until: number };
  private changes = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Counts the changes this process made, so callers that remember derived answers can drop them. */
  get generation(): number {
    return this.changes;
  }

  async list(): Promise<Warehouse[]> {
    const all = await this.redis.hvals(this.keys.warehouses);
    return all.map((j) => JSON.parse(j) as Warehouse).sort((a, b) => a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<Warehouse> {
    const raw = await this.redis.hget(this.keys.warehouses, id);
    if (!raw) throw new NotFoundError('warehouse', id);
    return JSON.parse(raw) as Warehouse;
  }

  async ids(): Promise<string[]> {
    return (await this.redis.hkeys(this.keys.warehouses)).sort();
  }

  /**
   * `ids()` remembered for a second, for the confirmation hot path: warehouses change rarely and a
   * round trip per confirmation is a fifth of its cost. Changes made in this process apply at once;
   * another hub process sees them within the second.
   */
  async recentIds(): Promise<string[]> {
    return (await this.remembered()).ids;
  }

  /** `list()` remembered for a second, for the quote hot path, as `recentIds` is. */
  async recentList(): Promise<Warehouse[]> {
    return (await this.remembered()).list;
  }

  private async remembered(): Promise<{ list: Warehouse[]; ids: string[] }> {
    const now = Date.now();
    if (this.recent && this.recent.until > now) return this.recent;
    const list = await this.list();
    // Sorted as ids() sorts them (code units): confirmation prefers warehouses in this order.
    this.recent = { list, ids: list.map((w) => w.id).sort(), until: now + 1000 };
    return this.recent;
  }

  async put(w: Warehouse): Promise<{ created: boolean }> {
    const isNew = await this.redis.hset(this.keys.warehouses, w.id, JSON.stringify(w));
    this.recent = undefined;
    this.changes++;
    return { created: isNew === 1 };
  }

  /** Refused while stock or reservations refer to it: deleting would orphan them silently. */
  async delete(id: string): Promise<void> {
    await this.get(id);
    const [[, onHand], [, reserved]] = (await this.redis.multi().hlen(this.keys.stockOnHand(id)).hlen(this.keys.stockReserved(id)).exec()) as [[null, number], [null, number]];
    if (onHand > 0 || reserved > 0) {
      throw new ConflictError('warehouse_in_use', `warehouse '${id}' still holds stock for ${onHand} SKUs and reservations for ${reserved}; push an empty snapshot and release its orders first`);
    }
    await this.redis.hdel(this.keys.warehouses, id);
    this.recent = undefined;
    this.changes++;
  }
}
