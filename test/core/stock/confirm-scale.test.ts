import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/core/errors.js';
import type { OrderInput } from '../../../src/core/model/index.js';
import { orderBody, useTestHub } from '../../helpers/hub.js';

const t = useTestHub();

async function orders(prefix: string, n: number, sku: string): Promise<string[]> {
  const now = t.clock.now();
  return Promise.all(Array.from({ length: n }, async (_, i) => (await t.hub.orders.intake(orderBody(`${prefix}-${i}`, [{ sku, qty: 1 }]) as OrderInput, now)).order.id));
}

type Outcome = { ok: true } | { ok: false; err: unknown };
const settle = (p: Promise<unknown>): Promise<Outcome> => p.then(() => ({ ok: true as const }), (err) => ({ ok: false as const, err }));

describe('confirmation at scale', () => {
  it('confirms exactly 100 of 1,000 concurrent orders against a stock of 100; the rest are refused with alternatives', async () => {
    await t.hub.stock.upsertCatalog([
      { sku: 'HOT', name: 'Hot item', groupId: 'hot-group', price: 10000 },
      { sku: 'HOT-ALT', name: 'Analogue', groupId: 'hot-group', price: 10500 },
    ]);
    await t.hub.stock.replaceWarehouses(new Map([['main', new Map([['HOT', 100], ['HOT-ALT', 7]])]]));
    const ids = await orders('SCALE', 1000, 'HOT');
    const now = t.clock.now();
    const results = await Promise.all(ids.map((id) => settle(t.hub.workflow.confirm(id, now))));
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    const refused = results.filter((r): r is { ok: false; err: unknown } => !r.ok);
    expect(refused).toHaveLength(900);
    for (const r of refused) {
      expect(r.err).toBeInstanceOf(ConflictError);
      expect((r.err as ConflictError).status).toBe(409);
      expect((r.err as ConflictError).code).toBe('insufficient_stock');
    }
    expect((refused[0]!.err as ConflictError).extras.shortages).toEqual([
      { sku: 'HOT', requested: 1, available: 0, alternatives: [{ sku: 'HOT-ALT', name: 'Analogue', price: 10500, available: 7, warehouseId: 'main', warehouses: [{ warehouseId: 'main', available: 7 }] }] },
    ]);
    expect(await t.hub.stock.view('HOT')).toMatchObject({ onHand: 100, reserved: 100, available: 0 });
    const statuses = await Promise.all(ids.map(async (id) => (await t.hub.orders.get(id)).status));
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(100);
    expect(statuses.filter((s) => s === 'new')).toHaveLength(900);
  }, 60_000);

  it('never lets available go negative, nor reserves past on-hand, when a full snapshot lands mid-way', async () => {
    await t.hub.stock.replaceWarehouses(new Map([['main', new Map([['SNAP', 100]])]]));
    const ids = await orders('SNAP', 1000, 'SNAP');
    const now = t.clock.now();
    let done = 0;
    let snapshot: Promise<void> | undefined;
    const samples: { onHand: number; reserved: number; available: number }[] = [];
    const sampler = setInterval(() => void t.hub.stock.view('SNAP').then((v) => samples.push(v)), 1);
    // 20 clients confirming one order after another, so the snapshot lands while most are still to come.
    const results: Outcome[] = [];
    const queue = [...ids];
    let landedAfter = -1;
    const client = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        results.push(await settle(t.hub.workflow.confirm(id, now)));
        // The warehouse counted 40 units while confirmations were running.
        if (++done === 5) snapshot = t.hub.stock.replaceWarehouses(new Map([['main', new Map([['SNAP', 40]])]])).then(() => void (landedAfter = done));
      }
    };
    await Promise.all(Array.from({ length: 20 }, client));
    await snapshot;
    clearInterval(sampler);
    expect(landedAfter).toBeGreaterThan(0);
    expect(landedAfter).toBeLessThan(ids.length);
    const confirmed = results.filter((r) => r.ok).length;
    const view = await t.hub.stock.view('SNAP');
    expect(view.onHand).toBe(40);
    expect(view.reserved).toBe(confirmed);
    expect(confirmed).toBeGreaterThanOrEqual(40);
    expect(confirmed).toBeLessThanOrEqual(100);
    expect(view.available).toBe(Math.max(0, 40 - confirmed));
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) expect(s.available).toBeGreaterThanOrEqual(0);
    // A count below what is reserved: available stays at zero and nothing more is confirmed.
    await t.hub.stock.replaceWarehouses(new Map([['main', new Map([['SNAP', Math.max(0, confirmed - 10)]])]]));
    expect(await t.hub.stock.view('SNAP')).toMatchObject({ reserved: confirmed, available: 0, warehouses: [{ warehouseId: 'main', available: 0 }] });
    const [late] = await orders('SNAP-LATE', 1, 'SNAP');
    await expect(t.hub.workflow.confirm(late!, now)).rejects.toMatchObject({ code: 'insufficient_stock' });
  }, 60_000);

  it('splits an order over the fewest warehouses, the earliest such set in order of preference', async () => {
    for (const w of ['w1', 'w2', 'w3']) await t.hub.warehouses.put({ id: w, name: w, address: { country: 'RU', city: 'Москва' }, timezone: 'Europe/Moscow', handlingDays: 0, cutoff: '14:00' });
    await t.hub.stock.replaceWarehouses(new Map([['w1', new Map([['M1', 1], ['M2', 1]])], ['w2', new Map([['M1', 5]])], ['w3', new Map([['M1', 3], ['M2', 1]])]]));
    const res = await t.hub.stock.reserve('ord-split', [{ sku: 'M1', qty: 7 }, { sku: 'M2', qty: 1 }], { warehouseIds: ['w1', 'w2', 'w3'] });
    expect(res.ok).toBe(true);
    // w2 covers 5 of 8 units, then w3 covers the remaining 3: two warehouses, not three.
    expect(res.ok && res.allocations).toEqual([{ warehouseId: 'w2', sku: 'M1', qty: 5 }, { warehouseId: 'w3', sku: 'M1', qty: 2 }, { warehouseId: 'w3', sku: 'M2', qty: 1 }]);
  });

  it('finds the fewest warehouses where taking the one covering most first would need one more', async () => {
    for (const w of ['f1', 'f2', 'f3']) await t.hub.warehouses.put({ id: w, name: w, address: { country: 'RU', city: 'Москва' }, timezone: 'Europe/Moscow', handlingDays: 0, cutoff: '14:00' });
    await t.hub.stock.replaceWarehouses(new Map([['f1', new Map([['FA', 2], ['FB', 2]])], ['f2', new Map([['FA', 3]])], ['f3', new Map([['FB', 3]])]]));
    // f1 covers 4 of 6 units, more than either other, yet f1 with f2 or f3 leaves a line short.
    const res = await t.hub.stock.reserve('ord-fewest', [{ sku: 'FA', qty: 3 }, { sku: 'FB', qty: 3 }], { warehouseIds: ['f1', 'f2', 'f3'] });
    expect(res.ok && res.allocations).toEqual([{ warehouseId: 'f2', sku: 'FA', qty: 3 }, { warehouseId: 'f3', sku: 'FB', qty: 3 }]);
    expect(await t.hub.stock.view('FA')).toMatchObject({ reserved: 3 });
  });

  it('confirms a multi-line order with the same lines whether or not its lines were stored apart at intake', async () => {
    await t.hub.stock.replaceWarehouses(new Map([['main', new Map([['L1', 10], ['L2', 10], ["L'3 \"x\"", 10]])]]));
    const lines = [{ sku: 'L1', qty: 2 }, { sku: 'L2', qty: 3 }, { sku: "L'3 \"x\"", qty: 1 }];
    const now = t.clock.now();
    const fresh = (await t.hub.orders.intake(orderBody('LINES-NEW', lines) as OrderInput, now)).order.id;
    const older = (await t.hub.orders.intake(orderBody('LINES-OLD', lines) as OrderInput, now)).order.id;
    // As an order taken in before lines were kept apart from the order JSON.
    await t.hub.redis.hdel(t.hub.keys.order(older), 'lines');
    for (const id of [fresh, older]) {
      const { order, allocations } = await t.hub.workflow.confirm(id, now);
      expect(order.status).toBe('confirmed');
      expect(order.lines.map((l) => [l.sku, l.qty])).toEqual(lines.map((l) => [l.sku, l.qty]));
      expect(allocations).toEqual(lines.map((l) => ({ warehouseId: 'main', sku: l.sku, qty: l.qty })));
    }
    expect(await t.hub.stock.view('L2')).toMatchObject({ onHand: 10, reserved: 6 });
  });
});
