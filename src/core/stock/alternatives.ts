import { z } from '@hono/zod-openapi';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/keys.js';
import type { StockService } from './service.js';

export const Alternative = z
  .object({
    sku: z.string(),
    name: z.string(),
    /** Selling price, minor units, when the catalog has one. */
    price: z.number().int().optional(),
    currency: z.string().optional(),
    /** Available across all warehouses. */
    available: z.number().int(),
    /** The warehouse with the most available. */
    warehouseId: z.string(),
    warehouses: z.array(z.object({ warehouseId: z.string(), available: z.number().int() })),
  })
  .openapi('Alternative');
export type Alternative = z.infer<typeof Alternative>;

export const MAX_ALTERNATIVES = 5;

/**
 * In-stock products of the same catalog group as `sku`, nearest in price first (ties by SKU).
 * Reads the group's price index from both sides of the price, widening until it has `limit`
 * products in stock or the group is exhausted.
 */
export async function findAlternatives(redis: Redis, keys: RedisKeys, stock: StockService, skuOrAlias: string, limit = MAX_ALTERNATIVES): Promise<Alternative[]> {
  const item = await stock.catalogItem(skuOrAlias);
  if (!item?.groupId || limit <= 0) return [];
  const group = keys.catalogGroup(item.groupId);
  const price = item.price ?? 0;
  const whs = await stock.warehouseIds();
  const found = new Map<string, Omit<Alternative, 'name' | 'price' | 'currency'> & { score: number }>();
  const checked = new Set<string>([item.sku]);
  for (let width = 20; ; width *= 4) {
    const [below, above] = await Promise.all([
      redis.zrevrangebyscore(group, price, '-inf', 'WITHSCORES', 'LIMIT', 0, width),
      redis.zrangebyscore(group, price, '+inf', 'WITHSCORES', 'LIMIT', 0, width),
    ]);
    const fresh: { sku: string; score: number }[] = [];
    for (const flat of [below, above]) {
      for (let i = 0; i < flat.length; i += 2) {
        if (checked.has(flat[i]!)) continue;
        checked.add(flat[i]!);
        fresh.push({ sku: flat[i]!, score: Number(flat[i + 1]) });
      }
    }
    if (fresh.length) {
      const pipe = redis.pipeline();
      for (const f of fresh) for (const w of whs) pipe.hget(keys.stockOnHand(w), f.sku).hget(keys.stockReserved(w), f.sku);
      const res = ((await pipe.exec()) ?? []).map(([, v]) => Number(v ?? 0));
      fresh.forEach((f, i) => {
        const warehouses = whs
          .map((warehouseId, k) => ({ warehouseId, available: Math.max(0, res[(i * whs.length + k) * 2]! - res[(i * whs.length + k) * 2 + 1]!) }))
          .filter((w) => w.available > 0)
          .sort((a, b) => b.available - a.available || a.warehouseId.localeCompare(b.warehouseId));
        if (!warehouses.length) return;
        const available = warehouses.reduce((s, w) => s + w.available, 0);
        found.set(f.sku, { sku: f.sku, score: f.score, available, warehouseId: warehouses[0]!.warehouseId, warehouses });
      });
    }
    // Unread products are farther than the last one read on a full side: those nearer are final.
    const edge = (flat: string[]) => (flat.length < width * 2 ? Infinity : Math.abs(Number(flat[flat.length - 1]) - price));
    const radius = Math.min(edge(below), edge(above));
    if (radius === Infinity) break;
    let settled = 0;
    for (const f of found.values()) if (Math.abs(f.score - price) <= radius) settled++;
    if (settled >= limit) break;
  }
  const best = [...found.values()].sort((a, b) => Math.abs(a.score - price) - Math.abs(b.score - price) || a.sku.localeCompare(b.sku)).slice(0, limit);
  const items = await stock.catalogItems(best.map((b) => b.sku));
  return best.map(({ score: _score, ...b }, i) => {
    const it = items[i];
    return { ...b, name: it?.name ?? b.sku, ...(it?.price !== undefined ? { price: it.price } : {}), ...(it?.currency ? { currency: it.currency } : {}) };
  });
}
