import { describe, expect, it } from 'vitest';
import { orderBody, useTestHub } from '../helpers/hub.js';

const t = useTestHub();

describe('orders', () => {
  it('takes an order once: 201 the first time, 200 with the same order after', async () => {
    const first = await t.call('POST', '/v1/orders', orderBody('A-100'));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'new', source: 'site', externalId: 'A-100', totals: { items: 100000, total: 100000 } });
    expect(first.body.id).toMatch(/^ord_/);
    const again = await t.call('POST', '/v1/orders', orderBody('A-100'));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('makes one order from 20 concurrent posts of the same webhook', async () => {
    const res = await Promise.all(Array.from({ length: 20 }, () => t.call('POST', '/v1/orders', orderBody('A-concurrent'))));
    expect(res.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(res.map((r) => r.body.id)).size).toBe(1);
    const events = await t.call('GET', '/v1/events?limit=1000');
    expect(events.body.events.filter((e: any) => e.type === 'order.received' && e.data.externalId === 'A-concurrent')).toHaveLength(1);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await t.call('POST', '/v1/orders', '{"source": "site",');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('malformed_json');
  });

  it('names the bad field paths of an invalid order', async () => {
    const bad = orderBody('A-bad', [{ sku: 'X', qty: 0 }]);
    (bad.customer as any).phone = undefined;
    const res = await t.call('POST', '/v1/orders', bad);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const paths = res.body.errors.map((e: any) => e.path);
    expect(paths).toContain('lines.0.qty');
    expect(paths).toContain('customer.phone');
    expect((await t.call('GET', '/v1/orders?limit=200')).body.items.some((o: any) => o.externalId === 'A-bad')).toBe(false);
  });

  it('refuses an order from a source that is not an order connector', async () => {
    const res = await t.call('POST', '/v1/orders', { ...orderBody('A-x'), source: 'own-courier' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('unknown_source');
  });

  it('lists newest first with a cursor, and filters by status', async () => {
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      await t.call('POST', '/v1/orders', orderBody(`L-${i}`));
    }
    const p1 = await t.call('GET', '/v1/orders?limit=2');
    expect(p1.body.items.map((o: any) => o.externalId)).toEqual(['L-4', 'L-3']);
    const p2 = await t.call('GET', `/v1/orders?limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items.map((o: any) => o.externalId)).toEqual(['L-2', 'L-1']);
    const cancelled = (await t.call('POST', '/v1/orders', orderBody('L-cancel'))).body.id;
    await t.call('POST', `/v1/orders/${cancelled}/status`, { status: 'cancelled' });
    const list = await t.call('GET', '/v1/orders?status=cancelled');
    expect(list.body.items.map((o: any) => o.id)).toEqual([cancelled]);
  });

  it('refuses an illegal status move with 409 and changes nothing', async () => {
    const id = (await t.call('POST', '/v1/orders', orderBody('S-1'))).body.id;
    const before = (await t.call('GET', `/v1/orders/${id}`)).body;
    const res = await t.call('POST', `/v1/orders/${id}/status`, { status: 'delivered' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'illegal_transition', currentStatus: 'new', requestedStatus: 'delivered' });
    expect((await t.call('GET', `/v1/orders/${id}`)).body).toEqual(before);
  });

  it('walks the whole pipeline and keeps the history with causes', async () => {
    const id = (await t.call('POST', '/v1/orders', orderBody('P-1'))).body.id;
    for (const status of ['confirmed', 'booking', 'booked', 'in_transit', 'delivered']) {
      const res = await t.call('POST', `/v1/orders/${id}/status`, { status, cause: `to ${status}` });
      expect(res.status, status).toBe(200);
    }
    const order = (await t.call('GET', `/v1/orders/${id}`)).body;
    expect(order.history.map((h: any) => h.status)).toEqual(['new', 'confirmed', 'booking', 'booked', 'in_transit', 'delivered']);
    expect(order.history[2].cause).toBe('to booking');
    expect((await t.call('POST', `/v1/orders/${id}/status`, { status: 'cancelled' })).status).toBe(409);
  });

  it('404s an unknown order as a problem', async () => {
    const res = await t.call('GET', '/v1/orders/ord_nope');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });

  it('replays the first answer for a repeated Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'k-1' };
    const a = await t.call('POST', '/v1/orders', orderBody('I-1'), { headers });
    const b = await t.call('POST', '/v1/orders', orderBody('I-1'), { headers });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    const c = await t.call('POST', '/v1/orders', orderBody('I-2'), { headers });
    expect(c.status).toBe(409);
    expect(c.body.code).toBe('idempotency_key_reused');
  });
});
