import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestHub } from '../../helpers/hub.js';

const t = useTestHub();
const WAREHOUSES = ['pa', 'pb', 'pc', 'pd', 'pe'];
const SKUS = ['PX', 'PY', 'PZ'];

beforeAll(async () => {
  for (const w of WAREHOUSES) await t.hub.warehouses.put({ id: w, name: w, address: { country: 'RU', city: 'Москва' }, timezone: 'Europe/Moscow', handlingDays: 0, cutoff: '14:00' });
});

/** The fewest warehouses that hold every line, by trying every subset. */
function fewest(stock: number[][], want: number[]): number | undefined {
  let best: number | undefined;
  for (let mask = 1; mask < 1 << stock.length; mask++) {
    const set = stock.filter((_, w) => mask & (1 << w));
    if (want.every((q, s) => set.reduce((sum, row) => sum + row[s]!, 0) >= q)) best = Math.min(best ?? Infinity, set.length);
  }
  return best;
}

describe('allocation across warehouses (property)', () => {
  it('reserves all or nothing from the fewest warehouses that can fill the order, never more than they hold', async () => {
    const stockArb = fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: SKUS.length, maxLength: SKUS.length }), { minLength: 2, maxLength: WAREHOUSES.length });
    const wantArb = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: SKUS.length, maxLength: SKUS.length }).filter((w) => w.some((q) => q > 0));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(stockArb, wantArb, async (stock, want) => {
        const whs = WAREHOUSES.slice(0, stock.length);
        await t.hub.stock.replaceWarehouses(new Map(whs.map((w, i) => [w, new Map(SKUS.map((s, j) => [s, stock[i]![j]!]))])));
        const lines = SKUS.map((sku, j) => ({ sku, qty: want[j]! })).filter((l) => l.qty > 0);
        const res = await t.hub.stock.reserve(`prop-${run++}`, lines, { warehouseIds: whs, dryRun: true });
        const best = fewest(stock, want);
        expect(res.ok).toBe(best !== undefined);
        if (!res.ok) return;
        expect(new Set(res.allocations.map((a) => a.warehouseId)).size).toBe(best);
        for (const [j, sku] of SKUS.entries()) {
          expect(res.allocations.filter((a) => a.sku === sku).reduce((sum, a) => sum + a.qty, 0)).toBe(want[j]);
        }
        for (const a of res.allocations) expect(a.qty).toBeLessThanOrEqual(stock[whs.indexOf(a.warehouseId)]![SKUS.indexOf(a.sku)]!);
      }),
      { numRuns: 600, seed: 20261201 },
    );
  });
});
