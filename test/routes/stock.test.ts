import { describe, expect, it } from 'vitest';
import { orderBody, useTestHub } from '../helpers/hub.js';

const t = useTestHub();
const WH2 = { name: 'Saint Petersburg', address: { country: 'RU', city: 'Санкт-Петербург' }, timezone: 'Europe/Moscow', handlingDays: 0, cutoff: '14:00' };

async function newOrder(ext: string, lines: { sku: string; qty: number }[]) {
  const res = await t.call('POST', '/v1/orders', orderBody(ext, lines));
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('stock', () => {
  it('replaces a warehouse with a snapshot, leaving no SKU of the old one behind', async () => {
    expect((await t.call('PUT', '/v1/admin/warehouses/spb', WH2)).status).toBe(201);
    await t.call('PUT', '/v1/stock/spb', { items: [{ sku: 'OLD-1', qty: 4 }, { sku: 'KEEP', qty: 1 }] });
    const res = await t.call('PUT', '/v1/stock/spb', { items: [{ sku: 'KEEP', qty: 7 }] });
    expect(res.status).toBe(200);
    expect((await t.call('GET', '/v1/stock?sku=KEEP')).body).toMatchObject({ onHand: 7, available: 7, warehouses: [{ warehouseId: 'spb', onHand: 7 }] });
    expect((await t.call('GET', '/v1/stock?sku=OLD-1')).status).toBe(404);
  });

  it('applies deltas all or nothing', async () => {
    await t.call('PUT', '/v1/stock/spb', { items: [{ sku: 'D-1', qty: 2 }, { sku: 'D-2', qty: 2 }] });
    const bad = await t.call('PATCH', '/v1/stock/spb', { items: [{ sku: 'D-1', qty: 5 }, { sku: 'D-2', qty: -3 }] });
    expect(bad.status).toBe(409);
    expect(bad.body.code).toBe('negative_stock');
    expect((await t.call('GET', '/v1/stock?sku=D-1')).body.onHand).toBe(2);
    expect((await t.call('PATCH', '/v1/stock/spb', { items: [{ sku: 'D-1', qty: 5 }, { sku: 'D-2', qty: -2 }] })).status).toBe(200);
    expect((await t.call('GET', '/v1/stock?sku=D-1')).body.onHand).toBe(7);
    expect((await t.call('GET', '/v1/stock?sku=D-2')).body.onHand).toBe(0);
  });

  it('404s stock pushed to a warehouse the hub does not know', async () => {
    const res = await t.call('PUT', '/v1/stock/nowhere', { items: [] });
    expect(res.status).toBe(404);
  });

  it('refuses negative quantities and duplicate SKUs in a snapshot', async () => {
    expect((await t.call('PUT', '/v1/stock/spb', { items: [{ sku: 'N', qty: -1 }] })).body.errors[0].path).toBe('items.0.qty');
    expect((await t.call('PUT', '/v1/stock/spb', { items: [{ sku: 'N', qty: 1 }, { sku: 'N', qty: 2 }] })).status).toBe(400);
  });
});

describe('confirmation', () => {
  it('confirms exactly 5 of 50 concurrent orders for a SKU with stock 5', async () => {
    await t.call('PUT', '/v1/stock/main', { items: [{ sku: 'RACE', qty: 5 }] });
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => newOrder(`R-${i}`, [{ sku: 'RACE', qty: 1 }])));
    const res = await Promise.all(ids.map((id) => t.call('POST', `/v1/orders/${id}/confirm`)));
    expect(res.filter((r) => r.status === 200)).toHaveLength(5);
    const refused = res.filter((r) => r.status === 409);
    expect(refused).toHaveLength(45);
    expect(refused[0]!.body).toMatchObject({ code: 'insufficient_stock', shortages: [{ sku: 'RACE', requested: 1, available: 0 }] });
    expect((await t.call('GET', '/v1/stock?sku=RACE')).body).toMatchObject({ onHand: 5, reserved: 5, available: 0 });
  });

  it('sums repeated SKUs and reserves nothing when one line is short', async () => {
    await t.call('PUT', '/v1/stock/main', { items: [{ sku: 'A', qty: 3 }, { sku: 'B', qty: 1 }] });
    const id = await newOrder('SUM-1', [{ sku: 'A', qty: 2 }, { sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }]);
    const res = await t.call('POST', `/v1/orders/${id}/confirm`);
    expect(res.status).toBe(409);
    expect(res.body.shortages).toEqual([{ sku: 'A', requested: 4, available: 3, alternatives: [] }]);
    expect((await t.call('GET', '/v1/stock?sku=B')).body.reserved).toBe(0);
    expect((await t.call('GET', `/v1/orders/${id}`)).body.status).toBe('new');
  });

  it('prefers one warehouse that fills the whole order, else the fewest', async () => {
    await t.call('PUT', '/v1/stock/main', { items: [{ sku: 'X', qty: 1 }, { sku: 'Y', qty: 5 }] });
    await t.call('PUT', '/v1/stock/spb', { items: [{ sku: 'X', qty: 5 }, { sku: 'Y', qty: 5 }] });
    const one = await t.call('POST', `/v1/orders/${await newOrder('W-1', [{ sku: 'X', qty: 2 }, { sku: 'Y', qty: 2 }])}/confirm`);
    expect(one.body.allocations).toEqual([{ sku: 'X', warehouseId: 'spb', qty: 2 }, { sku: 'Y', warehouseId: 'spb', qty: 2 }]);
    const split = await t.call('POST', `/v1/orders/${await newOrder('W-2', [{ sku: 'X', qty: 4 }])}/confirm`);
    expect(split.status).toBe(200);
    expect(split.body.allocations.reduce((s: number, a: any) => s + a.qty, 0)).toBe(4);
    expect(new Set(split.body.allocations.map((a: any) => a.warehouseId))).toEqual(new Set(['main', 'spb']));
  });

  it('confirming twice answers the same reservation; cancel releases it; in_transit consumes it', async () => {
    await t.call('PUT', '/v1/stock/main', { items: [{ sku: 'C', qty: 10 }] });
    const a = await newOrder('C-1', [{ sku: 'C', qty: 3 }]);
    const first = await t.call('POST', `/v1/orders/${a}/confirm`);
    const second = await t.call('POST', `/v1/orders/${a}/confirm`);
    expect(second.body.allocations).toEqual(first.body.allocations);
    expect((await t.call('GET', '/v1/stock?sku=C')).body.reserved).toBe(3);
    await t.call('POST', `/v1/orders/${a}/status`, { status: 'cancelled' });
    expect((await t.call('GET', '/v1/stock?sku=C')).body).toMatchObject({ onHand: 10, reserved: 0, available: 10 });

    const b = await newOrder('C-2', [{ sku: 'C', qty: 4 }]);
    for (const s of ['confirmed', 'booking', 'booked', 'in_transit']) expect((await t.call('POST', `/v1/orders/${b}/status`, { status: s })).status).toBe(200);
    expect((await t.call('GET', '/v1/stock?sku=C')).body).toMatchObject({ onHand: 6, reserved: 0, available: 6 });
  });

  it('never shows negative available when a snapshot lands below the reservations', async () => {
    await t.call('PUT', '/v1/stock/main', { items: [{ sku: 'NEG', qty: 5 }] });
    await t.call('POST', `/v1/orders/${await newOrder('NEG-1', [{ sku: 'NEG', qty: 4 }])}/confirm`);
    await t.call('PUT', '/v1/stock/main', { items: [{ sku: 'NEG', qty: 2 }] });
    expect((await t.call('GET', '/v1/stock?sku=NEG')).body).toMatchObject({ onHand: 2, reserved: 4, available: 0 });
    expect((await t.call('POST', `/v1/orders/${await newOrder('NEG-2', [{ sku: 'NEG', qty: 1 }])}/confirm`)).status).toBe(409);
  });

  it('refuses to delete a warehouse that still holds stock', async () => {
    const res = await t.call('DELETE', '/v1/admin/warehouses/spb');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('warehouse_in_use');
  });
});
