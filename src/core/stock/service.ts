import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Allocation, CatalogItem, Shortage, StockView } from '../model/index.js';
import type { RedisKeys } from '../redis/keys.js';
import type { ScriptRunner } from '../redis/scripts.js';
import type { PriceInput, StockLevelInput, StockWriter } from './writer.js';
import type { WarehouseStore } from './warehouses.js';

export type ReserveOutcome =
  | { ok: true; allocations: Allocation[]; existing: boolean }
  | { ok: false; shortages: Shortage[] };

const BATCH = 5000;
/** Snapshot rows per HSET while staging: small enough that serialising one never stalls other requests. */
const STAGE_BATCH = 1000;
const STAGE_IN_FLIGHT = 4;

/** Stock per warehouse and SKU, reservations and the catalog; every change atomic. */
export class StockService implements StockWriter {
  private readonly p: string;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly run: ScriptRunner,
    readonly warehouses: WarehouseStore,
  ) {
    this.p = keys.stockSlot;
  }

  async warehouseIds(): Promise<string[]> {
    return this.warehouses.ids();
  }

  /** Full snapshot per warehouse: staged in a private key, swapped in with one RENAME. */
  async replaceWarehouses(snapshot: Map<string, Map<string, number>>): Promise<void> {
    const staged: [string, string][] = [];
    const token = randomBytes(6).toString('hex');
    // A few batches in flight: the round trips overlap, and Redis still serves others in between.
    const inFlight = new Set<Promise<unknown>>();
    try {
      let failed: unknown;
      const send = async (key: string, batch: (string | number)[]) => {
        const p: Promise<unknown> = this.redis.hset(key, ...batch).then(
          () => inFlight.delete(p),
          (err: unknown) => {
            failed ??= err;
            inFlight.delete(p);
          },
        );
        inFlight.add(p);
        if (inFlight.size >= STAGE_IN_FLIGHT) await Promise.race(inFlight);
        if (failed) throw failed;
      };
      for (const [wh, items] of snapshot) {
        const tmp = this.keys.stockStaging(wh, token);
        staged.push([wh, tmp]);
        let batch: (string | number)[] = [];
        for (const [sku, qty] of items) {
          batch.push(sku, qty);
          if (batch.length >= STAGE_BATCH * 2) {
            await send(tmp, batch);
            batch = [];
          }
        }
        if (batch.length) await send(tmp, batch);
      }
      await Promise.all(inFlight);
      if (failed) throw failed;
      // The old hashes are renamed aside and unlinked after: freeing 100,000 fields inside the
      // transaction would stall Redis (and every request waiting on it) for tens of milliseconds.
      const trash = staged.map(([wh]) => this.keys.stockStaging(wh, `${token}-old`));
      const tx = this.redis.multi();
      for (const [i, [wh, tmp]] of staged.entries()) {
        tx.rename(this.keys.stockOnHand(wh), trash[i]!); // fails harmlessly when the warehouse had no stock
        if ((snapshot.get(wh)?.size ?? 0) > 0) tx.rename(tmp, this.keys.stockOnHand(wh));
      }
      await tx.exec();
      if (trash.length) await this.redis.unlink(...trash);
    } finally {
      // A failed batch must not leave others writing staging keys after they are cleaned up.
      await Promise.allSettled(inFlight);
      const leftovers = staged.map(([, tmp]) => tmp);
      if (leftovers.length) await this.redis.unlink(...leftovers);
    }
  }

  async setLevels(levels: StockLevelInput[]): Promise<void> {
    for (let i = 0; i < levels.length; i += BATCH) {
      const tx = this.redis.multi();
      for (const l of levels.slice(i, i + BATCH)) tx.hset(this.keys.stockOnHand(l.warehouseId), l.sku, l.qty);
      await tx.exec();
    }
  }

  /** Deltas for one warehouse: all applied, or none when one would take on-hand below zero. */
  async adjust(warehouseId: string, deltas: { sku: string; qty: number }[]): Promise<void> {
    const args = deltas.flatMap((d) => [d.sku, d.qty]);
    const res = (await this.run('stock-adjust-1', [this.keys.stockOnHand(warehouseId)], args)) as string[];
    if (res[0] === 'negative') {
      throw new ConflictError('negative_stock', `delta ${res[3]} for SKU '${res[1]}' would take on-hand in '${warehouseId}' from ${res[2]} below zero; nothing was applied`, { sku: res[1] });
    }
  }

  /** The SKU an alias (1C Ид, marketplace id) stands for, or the input itself. */
  async resolveSku(skuOrAlias: string): Promise<string> {
    return (await this.redis.hget(this.keys.skuAlias, skuOrAlias)) ?? skuOrAlias;
  }

  async skusOf(aliases: string[]): Promise<(string | undefined)[]> {
    const out: (string | undefined)[] = [];
    // An import after a restart asks for every product it lists: one HMGET per batch, not 100,000 fields in one.
    for (let i = 0; i < aliases.length; i += BATCH) {
      for (const sku of await this.redis.hmget(this.keys.skuAlias, ...aliases.slice(i, i + BATCH))) out.push(sku ?? undefined);
    }
    return out;
  }

  async view(skuOrAlias: string): Promise<StockView> {
    const sku = await this.resolveSku(skuOrAlias);
    const whs = await this.warehouses.ids();
    const pipe = this.redis.pipeline();
    for (const w of whs) pipe.hget(this.keys.stockOnHand(w), sku).hget(this.keys.stockReserved(w), sku);
    const res = ((await pipe.exec()) ?? []).map(([, v]) => v as string | null);
    // A warehouse lists the SKU when it ever reported it (even at 0) or holds reservations for it.
    const warehouses = whs
      .map((warehouseId, i) => ({ warehouseId, on: res[i * 2], res: res[i * 2 + 1] }))
      .filter((w) => w.on !== null || w.res !== null)
      .map(({ warehouseId, on, res: r }) => {
        const onHand = Number(on ?? 0);
        const reserved = Number(r ?? 0);
        return { warehouseId, onHand, reserved, available: Math.max(0, onHand - reserved) };
      });
    if (!warehouses.length && !(await this.redis.hexists(this.keys.catalog, sku))) throw new NotFoundError('SKU', skuOrAlias);
    const sum = (k: 'onHand' | 'reserved' | 'available') => warehouses.reduce((s, w) => s + w[k], 0);
    return { sku, onHand: sum('onHand'), reserved: sum('reserved'), available: sum('available'), warehouses };
  }

  /**
   * Reserves the lines for an order in one Lua script (all or nothing). Calling it again for the
   * same order returns the reservation it already holds. `dryRun` plans without reserving.
   */
  async reserve(orderId: string, lines: { sku: string; qty: number }[], opts: { dryRun?: boolean; expiresAt?: Date; warehouseIds?: string[] } = {}): Promise<ReserveOutcome> {
    const whs = opts.warehouseIds ?? (await this.warehouses.recentIds());
    const args: (string | number)[] = [this.p, opts.dryRun ? 1 : 0, opts.expiresAt?.getTime() ?? 0, orderId, whs.length, ...whs];
    for (const l of lines) args.push(l.sku, l.qty);
    const res = (await this.run('stock-reserve-3', [this.keys.reservation(orderId), this.keys.reservationExpiry, this.keys.skuAlias], args)) as (string | number)[];
    const [kind, ...rest] = res;
    const triples: [string, string, number][] = [];
    for (let i = 0; i < rest.length; i += 3) triples.push([String(rest[i]), String(rest[i + 1]), Number(rest[i + 2])]);
    if (kind === 'short') return { ok: false, shortages: triples.map(([sku, requested, available]) => ({ sku, requested: Number(requested), available })) };
    return { ok: true, existing: kind === 'existing', allocations: triples.map(([warehouseId, sku, qty]) => ({ sku, warehouseId, qty })) };
  }

  async reservationOf(orderId: string): Promise<Allocation[]> {
    const held = await this.redis.hgetall(this.keys.reservation(orderId));
    return Object.entries(held).map(([k, qty]) => {
      const [warehouseId, sku] = k.split('\t') as [string, string];
      return { warehouseId, sku, qty: Number(qty) };
    });
  }

  /** Gives the reservation back; a no-op when the order holds none. */
  async release(orderId: string): Promise<number> {
    return (await this.run('stock-release-2', [this.keys.reservation(orderId), this.keys.reservationExpiry], [this.p, orderId, 0])) as number;
  }

  /** The parcel left the warehouse: the reserved units leave on-hand too. */
  async consume(orderId: string): Promise<number> {
    return (await this.run('stock-release-2', [this.keys.reservation(orderId), this.keys.reservationExpiry], [this.p, orderId, 1])) as number;
  }

  /** Keeps the reservation but drops its expiry (the order moved on before it ran out). */
  async clearExpiry(orderId: string): Promise<void> {
    await this.redis.zrem(this.keys.reservationExpiry, orderId);
  }

  /** Orders whose reservation expired by `now`. */
  async expiredReservations(now: Date, limit = 100): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.reservationExpiry, '-inf', now.getTime(), 'LIMIT', 0, limit);
  }

  /**
   * Adds or replaces items; keeps aliases and the per-group price index (for alternatives) in step,
   * moving an item out of the group it left. An item that carries no price or currency keeps the
   * stored ones: those come from `setPrices`, and a catalog source (1C import.xml) that has no
   * prices must not erase them, nor drop the item to 0 in its group's price index.
   */
  async upsertCatalog(items: CatalogItem[]): Promise<void> {
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      const before = await this.catalogItems(batch.map((it) => it.sku));
      await this.writeCatalog(batch.map((it, j) => keepPrice(it, before[j])), before);
    }
  }

  /** Writes items whose previous versions (`before`, same order) the caller has already read. */
  private async writeCatalog(batch: CatalogItem[], before: (CatalogItem | undefined)[]): Promise<void> {
    // A few variadic commands per batch, not several per item: imports upsert 100,000s of items.
    const values: string[] = [];
    const aliases: string[] = [];
    const joined = new Map<string, (string | number)[]>();
    const left = new Map<string, string[]>();
    // An SKU listed twice in one batch ends as its last item (as HSET would leave it); indexing the
    // earlier one too could leave it in a group it no longer belongs to. Both keep their aliases.
    const last = new Map(batch.map((it, j) => [it.sku, j]));
    for (const [j, item] of batch.entries()) {
      for (const alias of Object.values(item.externalIds ?? {})) if (alias !== item.sku) aliases.push(alias, item.sku);
      if (last.get(item.sku) !== j) continue;
      values.push(item.sku, JSON.stringify(item));
      const oldGroup = before[j]?.groupId;
      if (oldGroup && oldGroup !== item.groupId) push(left, oldGroup, item.sku);
      if (item.groupId) push(joined, item.groupId, item.price ?? 0, item.sku);
    }
    const tx = this.redis.multi();
    tx.hset(this.keys.catalog, ...values);
    if (aliases.length) tx.hset(this.keys.skuAlias, ...aliases);
    for (const [group, skus] of left) tx.zrem(this.keys.catalogGroup(group), ...skus);
    for (const [group, pairs] of joined) tx.zadd(this.keys.catalogGroup(group), ...pairs);
    await tx.exec();
  }

  async setPrices(prices: PriceInput[]): Promise<void> {
    for (let i = 0; i < prices.length; i += BATCH) {
      const batch = prices.slice(i, i + BATCH);
      const current = await this.catalogItems(batch.map((p) => p.sku));
      // Products to copy are read only for items that do not exist yet (a re-import finds them all).
      const bases = [...new Set(batch.flatMap((p, n) => (!current[n] && p.create.copyOf && p.create.copyOf !== p.sku ? [p.create.copyOf] : [])))];
      const copies = await this.catalogItems(bases);
      const base = new Map(bases.map((sku, n) => [sku, copies[n]]));
      const items = batch.map((p, n): CatalogItem => {
        const from = current[n] ?? { ...(p.create.copyOf ? base.get(p.create.copyOf) : undefined), sku: p.sku, name: p.create.name, externalIds: p.create.externalIds };
        const item: CatalogItem = { ...from, price: p.price };
        if (p.currency) item.currency = p.currency;
        return item;
      });
      await this.writeCatalog(items, current);
    }
  }

  async catalogItem(skuOrAlias: string): Promise<CatalogItem | undefined> {
    const raw = await this.redis.hget(this.keys.catalog, await this.resolveSku(skuOrAlias));
    return raw ? (JSON.parse(raw) as CatalogItem) : undefined;
  }

  async catalogItems(skus: string[]): Promise<(CatalogItem | undefined)[]> {
    if (!skus.length) return [];
    const raws = await this.redis.hmget(this.keys.catalog, ...skus);
    return raws.map((r) => (r ? (JSON.parse(r) as CatalogItem) : undefined));
  }
}

function keepPrice(item: CatalogItem, stored: CatalogItem | undefined): CatalogItem {
  if (!stored || (item.price !== undefined && item.currency !== undefined)) return item;
  const out = { ...item };
  if (out.price === undefined && stored.price !== undefined) out.price = stored.price;
  if (out.currency === undefined && stored.currency !== undefined) out.currency = stored.currency;
  return out;
}

function push<T>(m: Map<string, T[]>, key: string, ...values: T[]): void {
  const list = m.get(key);
  if (list) list.push(...values);
  else m.set(key, values);
}
