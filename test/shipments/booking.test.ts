import { beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type RunningWorkers } from '../../src/workers.js';
import { fakeBackend, fakeCourier } from '../helpers/fake-courier.js';
import { orderBody, useTestHub, type TestHub } from '../helpers/hub.js';

const t: TestHub = useTestHub({ definitions: [fakeCourier] });
let workers: RunningWorkers;
const fast = { bookingBackoff: () => 50, lockDurationMs: 1000 };

beforeAll(async () => {
  await t.call('PUT', '/v1/admin/connectors/fake', { id: 'fake', type: 'fake-courier', config: { backend: 'booking-test' } });
  await t.call('PUT', '/v1/stock/main', { items: [{ sku: 'BOX', qty: 10_000 }] });
  workers = await startWorkers(t.hub, fast);
  t.stopWorkers = () => workers.close();
});

const backend = fakeBackend('booking-test');

async function confirmedOrder(ext: string) {
  const id = (await t.call('POST', '/v1/orders', orderBody(ext, [{ sku: 'BOX', qty: 1 }]))).body.id as string;
  expect((await t.call('POST', `/v1/orders/${id}/confirm`)).status).toBe(200);
  return id;
}

async function ship(orderId: string, headers: Record<string, string> = {}) {
  const res = await t.call('POST', `/v1/orders/${orderId}/shipments`, { connectorId: 'fake', service: 'express' }, { headers });
  expect(res.status).toBe(202);
  return res.body.shipmentId as string;
}

async function settled(shipmentId: string, states = ['booked', 'failed'], timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = (await t.call('GET', `/v1/shipments/${shipmentId}`)).body;
    if (states.includes(s.state)) return s;
    if (Date.now() > until) throw new Error(`shipment ${shipmentId} still '${s.state}'`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('booking', () => {
  it('books a confirmed order once and moves it to booked', async () => {
    const orderId = await confirmedOrder('B-1');
    const shipmentId = await ship(orderId);
    expect((await t.call('GET', `/v1/orders/${orderId}`)).body.status).toMatch(/booking|booked/);
    const s = await settled(shipmentId);
    expect(s).toMatchObject({ state: 'booked', attempts: 1, courierId: expect.stringMatching(/^C-/), trackNumber: `T-${shipmentId}` });
    expect((await t.call('GET', `/v1/orders/${orderId}`)).body.status).toBe('booked');
    const events = (await t.call('GET', '/v1/events?limit=1000')).body.events.filter((e: any) => e.orderId === orderId).map((e: any) => e.type);
    expect(events).toEqual(expect.arrayContaining(['shipment.queued', 'shipment.booked']));
  });

  it('adopts the booking after a timeout that happened after the courier created it', async () => {
    backend.faults.push('timeout-after-create');
    const shipmentId = await ship(await confirmedOrder('B-2'));
    const s = await settled(shipmentId);
    expect(s.state).toBe('booked');
    expect(backend.bookings.get(shipmentId)!.calls).toBe(1);
    expect(backend.duplicates).toBe(0);
  });

  it('retries through a burst of 5xx and books once', async () => {
    backend.faults.push('http503', 'http503', 'http503');
    const shipmentId = await ship(await confirmedOrder('B-3'));
    const s = await settled(shipmentId);
    expect(s).toMatchObject({ state: 'booked', attempts: 4 });
    expect(backend.bookings.get(shipmentId)!.calls).toBe(1);
  });

  it('fails at once on a courier validation error, keeps it visible, and an admin can re-drive it', async () => {
    backend.faults.push('reject');
    const orderId = await confirmedOrder('B-4');
    const shipmentId = await ship(orderId);
    const failed = await settled(shipmentId);
    expect(failed).toMatchObject({ state: 'failed', lastError: 'Fake: recipient phone is invalid', attempts: 1 });
    expect((await t.call('POST', `/v1/admin/shipments/${shipmentId}/retry`)).status).toBe(200);
    expect((await settled(shipmentId, ['booked'])).state).toBe('booked');
    expect((await t.call('GET', `/v1/orders/${orderId}`)).body.status).toBe('booked');
  });

  it('answers the same shipment for a repeated request, and refuses an order that is not confirmed', async () => {
    const orderId = await confirmedOrder('B-5');
    const a = await ship(orderId, { 'idempotency-key': 'ship-B-5' });
    const b = await ship(orderId, { 'idempotency-key': 'ship-B-5' });
    const c = await ship(orderId);
    expect(new Set([a, b, c]).size).toBe(1);
    const fresh = (await t.call('POST', '/v1/orders', orderBody('B-6', [{ sku: 'BOX', qty: 1 }]))).body.id;
    const refused = await t.call('POST', `/v1/orders/${fresh}/shipments`, { connectorId: 'fake', service: 'x' });
    expect(refused.status).toBe(409);
    expect((await t.call('POST', `/v1/orders/${await confirmedOrder('B-7')}/shipments`, { connectorId: 'nope', service: 'x' })).status).toBe(422);
  });

  it('books exactly once when the worker is killed after the courier created the shipment', async () => {
    backend.faults.push('hang-after-create');
    const shipmentId = await ship(await confirmedOrder('B-8'));
    const until = Date.now() + 5000;
    while (!backend.bookings.has(shipmentId) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(backend.bookings.has(shipmentId)).toBe(true);
    // The worker dies mid-job: its lock expires and another worker takes the job again.
    await Promise.all(workers.workers.map((w) => w.close(true)));
    workers = await startWorkers(t.hub, fast);
    const s = await settled(shipmentId, ['booked'], 15_000);
    expect(s.state).toBe('booked');
    expect(backend.bookings.get(shipmentId)!.calls).toBe(1);
    expect(backend.duplicates).toBe(0);
  }, 30_000);

  it('books what was queued while no worker ran (hub restarted with jobs queued)', async () => {
    await workers.close();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await ship(await confirmedOrder(`B-q${i}`)));
    expect((await t.call('GET', `/v1/shipments/${ids[0]}`)).body.state).toBe('queued');
    workers = await startWorkers(t.hub, fast);
    for (const id of ids) expect((await settled(id)).state).toBe('booked');
    expect(backend.duplicates).toBe(0);
  });

  it('cancels the booking at the courier when the order is cancelled', async () => {
    const orderId = await confirmedOrder('B-cancel');
    const shipmentId = await ship(orderId);
    await settled(shipmentId);
    expect((await t.call('POST', `/v1/orders/${orderId}/status`, { status: 'cancelled' })).status).toBe(200);
    expect(backend.cancelled.has(shipmentId)).toBe(true);
    expect((await t.call('GET', `/v1/shipments/${shipmentId}`)).body.state).toBe('cancelled');
  });

  it('follows the courier: in transit consumes the reservation, delivered completes the order', async () => {
    const orderId = await confirmedOrder('B-track');
    const shipmentId = await ship(orderId);
    await settled(shipmentId);
    const reservedBefore = (await t.call('GET', '/v1/stock?sku=BOX')).body.reserved;
    backend.statuses.set(shipmentId, 'delivered');
    const { trackingJob } = await import('../../src/core/shipments/tracking-job.js');
    await trackingJob(t.hub);
    const order = (await t.call('GET', `/v1/orders/${orderId}`)).body;
    expect(order.history.map((h: any) => h.status).slice(-3)).toEqual(['booked', 'in_transit', 'delivered']);
    expect((await t.call('GET', '/v1/stock?sku=BOX')).body.reserved).toBe(reservedBefore - 1);
    expect((await t.call('GET', `/v1/shipments/${shipmentId}`)).body.state).toBe('delivered');
    await trackingJob(t.hub); // a repeat changes nothing
    expect((await t.call('GET', `/v1/orders/${orderId}`)).body.history).toHaveLength(order.history.length);
  });
});

