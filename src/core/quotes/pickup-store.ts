import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { QuoteKeys } from './keys.js';
import { normaliseCity } from './normalise.js';
import type { PickupPoint } from './pickup-points.js';

export interface PickupReplaceResult {
  count: number;
  cities: number;
}

interface Meta {
  syncedAt: string;
  count: number;
  cities: number;
}

/** Cities written per HSET while staging: a CDEK list (~10,000 points) goes in a few commands. */
const BATCH = 500;
/** A staging hash left behind by a crashed refresh disappears by itself. */
const STAGING_TTL_MS = 3600_000;

/**
 * A courier's pickup points in Redis: one hash per courier, field = normalised city, value = the
 * JSON array of that city's points, so a lookup is one HGET and one parse of a city's worth. A
 * refresh stages a new hash and swaps it in with RENAME in one MULTI with the metadata.
 */
export class PickupPointStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: QuoteKeys,
  ) {}

  async replace(connectorId: string, points: PickupPoint[], syncedAt: string): Promise<PickupReplaceResult> {
    const byCity = new Map<string, PickupPoint[]>();
    for (const p of points) {
      const city = normaliseCity(p.address.city);
      let list = byCity.get(city);
      if (!list) byCity.set(city, (list = []));
      list.push(p);
    }
    const live = this.keys.pickupByCity(connectorId);
    const meta: Meta = { syncedAt, count: points.length, cities: byCity.size };
    if (!byCity.size) {
      await this.redis.multi().del(live).set(this.keys.pickupMeta(connectorId), JSON.stringify(meta)).exec();
      return { count: 0, cities: 0 };
    }
    const staging = this.keys.pickupStaging(connectorId, randomBytes(6).toString('hex'));
    try {
      const entries = [...byCity];
      const pipe = this.redis.pipeline();
      for (let i = 0; i < entries.length; i += BATCH) {
        pipe.hset(staging, Object.fromEntries(entries.slice(i, i + BATCH).map(([city, list]) => [city, JSON.stringify(list)])));
        if (i === 0) pipe.pexpire(staging, STAGING_TTL_MS);
      }
      for (const [err] of (await pipe.exec()) ?? []) if (err) throw err;
      const res = await this.redis.multi().rename(staging, live).persist(live).set(this.keys.pickupMeta(connectorId), JSON.stringify(meta)).exec();
      for (const [err] of res ?? []) if (err) throw err;
    } catch (err) {
      await this.redis.del(staging).catch(() => undefined);
      throw err;
    }
    return { count: meta.count, cities: meta.cities };
  }

  /** A city's points and when the list was synced; `syncedAt` undefined when it never was. */
  async byCity(connectorId: string, city: string): Promise<{ points: PickupPoint[]; syncedAt?: string; total?: number }> {
    const [raw, meta] = await Promise.all([
      this.redis.hget(this.keys.pickupByCity(connectorId), normaliseCity(city)),
      this.redis.get(this.keys.pickupMeta(connectorId)),
    ]);
    const m = meta ? (JSON.parse(meta) as Meta) : undefined;
    return { points: raw ? (JSON.parse(raw) as PickupPoint[]) : [], syncedAt: m?.syncedAt, total: m?.count };
  }
}
