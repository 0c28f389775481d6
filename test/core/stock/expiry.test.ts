import { describe, expect, it } from 'vitest';
import { sweepExpiredReservations } from '../../../src/core/stock/expiry.js';
import { startWorkers } from '../../../src/workers.js';
import { orderBody, useTestHub } from '../../helpers/hub.js';

const t = useTestHub();

async function confirmed(ext: string, qty: number, body?: unknown) {
  const id = (await t.call('POST', '/v1/orders', orderBody(ext, [{ sku: 'HOLD', qty }]))).body.id as string;
  const res = await t.call('POST', `/v1/orders/${id}/confirm`, body);
  expect(res.status).toBe(200);
  return id;
}
const stock = async () => (await t.call('GET', '/v1/stock?sku=HOLD')).body;

describe('reservation expiry', () => {
  it('refuses a bad expiry and changes nothing', async () => {
    await t.call('PUT', '/v1/stock/main', { items: [{ sku: 'HOLD', qty: 10 }] });
    const id = (await t.call('POST', '/v1/orders', orderBody('EXP-BAD', [{ sku: 'HOLD', qty: 1 }]))).body.id as string;
    const res = await t.call('POST', `/v1/orders/${id}/confirm`, { expiresInMinutes: 0 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('expiresInMinutes');
    expect((await t.call('GET', `/v1/orders/${id}`)).body.status).toBe('new');
    expect((await stock()).reserved).toBe(0);
  });

  it('cancels an order still confirmed when its hold runs out and gives the stock back', async () => {
    const held = await confirmed('EXP-1', 2, { expiresInMinutes: 30 });
    const open = await confirmed('EXP-2', 3); // no expiry: never swept
    expect((await stock()).reserved).toBe(5);
    t.clock.advance(29 * 60_000);
    expect(await sweepExpiredReservations(t.hub, t.clock.now())).toEqual({ cancelled: [], released: [], kept: [], failed: [] });
    t.clock.advance(2 * 60_000);
    expect((await sweepExpiredReservations(t.hub, t.clock.now())).cancelled).toEqual([held]);
    const order = (await t.call('GET', `/v1/orders/${held}`)).body;
    expect(order.status).toBe('cancelled');
    expect(order.history.at(-1)).toMatchObject({ status: 'cancelled', cause: 'reservation expired' });
    expect(await stock()).toMatchObject({ onHand: 10, reserved: 3, available: 7 });
    expect((await t.call('GET', `/v1/orders/${open}`)).body.status).toBe('confirmed');
    // A second sweep finds nothing left to do.
    expect((await sweepExpiredReservations(t.hub, t.clock.now())).cancelled).toEqual([]);
  });

  it('keeps the stock of an order that moved on before its hold ran out', async () => {
    const id = await confirmed('EXP-3', 1, { expiresInMinutes: 5 });
    await t.hub.workflow.setStatus(id, 'booking', 'shipment requested', t.clock.now());
    t.clock.advance(10 * 60_000);
    expect(await sweepExpiredReservations(t.hub, t.clock.now())).toMatchObject({ cancelled: [], kept: [id] });
    expect(await t.hub.stock.reservationOf(id)).toEqual([{ warehouseId: 'main', sku: 'HOLD', qty: 1 }]);
    expect(await t.hub.stock.expiredReservations(t.clock.now())).toEqual([]);
  });

  it('runs as a job on the maintenance queue', async () => {
    const id = await confirmed('EXP-4', 1, { expiresInMinutes: 1 });
    t.clock.advance(2 * 60_000);
    const workers = await startWorkers(t.hub, { expiryEveryMs: 100 });
    t.stopWorkers = () => workers.close();
    let status = '';
    for (let i = 0; i < 100 && status !== 'cancelled'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await t.hub.orders.get(id)).status;
    }
    expect(status).toBe('cancelled');
    expect(await t.hub.stock.reservationOf(id)).toEqual([]);
  });
});
