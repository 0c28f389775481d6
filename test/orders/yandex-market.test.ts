import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestHub } from '../helpers/hub.js';
import { useMsw } from '../helpers/msw.js';

const BASE = 'https://ym.test';
const CAMPAIGN = 21000001;
const TOKEN = 'ym-notify-token-0123456789';
const URL_OK = `/yandex-market/ym/notification?token=${TOKEN}`;
const template = JSON.parse(readFileSync(new URL('../../fixtures/orders/yandex-market/get-order.response.json', import.meta.url), 'utf8')).order;

const t = useTestHub();
const server = useMsw();

/** What Market holds: order id → items and status; what the hub asked of it. */
let market: Map<string, { items: { sku: string; count: number }[]; status: string }>;
let cancels: { orderId: string; body: unknown }[];
let reads: string[];

beforeAll(async () => {
  const res = await t.call('PUT', '/v1/admin/connectors/ym', {
    id: 'ym', type: 'yandex-market', enabled: true,
    config: { baseUrl: BASE, campaignId: CAMPAIGN, apiKey: 'ym-api-key-0123456789', notificationToken: TOKEN },
  });
  expect(res.status).toBe(201);
  await t.hub.stock.upsertCatalog([{ sku: 'YM-20', name: 'Twenty in stock', weight: 100, price: 10000, currency: 'RUB' }]);
  await t.hub.stock.setLevels([{ warehouseId: 'main', sku: 'YM-20', qty: 20 }]);
});

beforeEach(() => {
  market = new Map();
  cancels = [];
  reads = [];
  server.use(
    http.get(`${BASE}/v2/campaigns/${CAMPAIGN}/orders/:id`, ({ params }) => {
      const id = String(params.id);
      reads.push(id);
      const o = market.get(id);
      if (!o) return HttpResponse.json({ status: 'ERROR', errors: [{ code: 'NOT_FOUND', message: 'order not found' }] }, { status: 404 });
      const items = o.items.map((it, i) => ({ id: 1000 + i, offerId: it.sku, count: it.count, price: 100 }));
      return HttpResponse.json({ order: { ...template, id: Number(id), status: o.status, substatus: o.status === 'CANCELLED' ? 'USER_CHANGED_MIND' : 'STARTED', items } });
    }),
    http.put(`${BASE}/v2/campaigns/${CAMPAIGN}/orders/:id/status`, async ({ params, request }) => {
      cancels.push({ orderId: String(params.id), body: await request.json() });
      return HttpResponse.json({ order: { id: Number(params.id), status: 'CANCELLED', substatus: 'SHOP_FAILED' } });
    }),
  );
});

function created(orderId: string, items: { sku: string; count: number }[]) {
  market.set(orderId, { items, status: 'PROCESSING' });
  return { notificationType: 'ORDER_CREATED', campaignId: CAMPAIGN, orderId: Number(orderId), createdAt: '2026-11-23T09:15:00+03:00', items: items.map((i) => ({ offerId: i.sku, count: i.count })) };
}
const notify = (body: unknown, url = URL_OK) => t.call('POST', url, body, { key: null });
const reserved = async (sku: string) => (await t.hub.stock.view(sku)).reserved;

describe('Yandex Market notifications', () => {
  it('answers PING at once with the SendNotificationResponse body and calls Market for nothing', async () => {
    const started = Date.now();
    const res = await notify({ notificationType: 'PING', time: '2026-11-23T09:00:00+03:00' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ version: expect.any(String), name: expect.any(String), time: t.clock.now().toISOString() });
    expect(reads).toEqual([]);
  });

  it('reserves a new order that is in stock and does not cancel it', async () => {
    const before = await reserved('TSHIRT-BLK-M');
    const res = await notify(created('5001', [{ sku: 'TSHIRT-BLK-M', count: 2 }]));
    expect(res.status).toBe(200);
    expect(res.body.name).toBeDefined();
    const order = await t.hub.orders.findByExternal('ym', '5001');
    expect(order?.status).toBe('confirmed');
    expect(await t.hub.stock.reservationOf(order!.id)).toEqual([{ warehouseId: 'main', sku: 'TSHIRT-BLK-M', qty: 2 }]);
    expect(await reserved('TSHIRT-BLK-M')).toBe(before + 2);
    expect(cancels).toEqual([]);
  });

  it('changes nothing on a duplicate notification', async () => {
    const body = created('5002', [{ sku: 'TSHIRT-WHT-M', count: 1 }]);
    await notify(body);
    const before = await reserved('TSHIRT-WHT-M');
    const again = await notify(body);
    expect(again.status).toBe(200);
    expect(await reserved('TSHIRT-WHT-M')).toBe(before);
    const order = await t.hub.orders.findByExternal('ym', '5002');
    expect(order!.history.map((h) => h.status)).toEqual(['new', 'confirmed']);
    const { events } = await t.hub.events.read(undefined, 100_000);
    expect(events.filter((e) => e.type === 'order.received' && e.data.externalId === '5002')).toHaveLength(1);
  });

  it('cancels an order it cannot fill at Market with SHOP_FAILED and reserves nothing', async () => {
    const res = await notify(created('5003', [{ sku: 'TSHIRT-BLK-M', count: 1 }, { sku: 'TSHIRT-GRY-M', count: 1 }]));
    expect(res.status).toBe(200);
    expect(cancels).toEqual([{ orderId: '5003', body: { order: { status: 'CANCELLED', substatus: 'SHOP_FAILED' } } }]);
    const order = await t.hub.orders.findByExternal('ym', '5003');
    expect(order?.status).toBe('cancelled');
    expect(await t.hub.stock.reservationOf(order!.id)).toEqual([]);
    expect(await reserved('TSHIRT-GRY-M')).toBe(0);
  });

  it('refuses an order once at Market when its notification arrives ten times at once', async () => {
    const body = created('5006', [{ sku: 'TSHIRT-GRY-M', count: 1 }]);
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify(body)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(cancels.map((c) => c.orderId)).toEqual(['5006']);
    expect((await t.hub.orders.findByExternal('ym', '5006'))?.status).toBe('cancelled');
  });

  it('keeps exactly 20 reserved when 200 different orders for a stock of 20 arrive at once', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => String(7000 + i));
    const answers = await Promise.all(ids.map((id) => notify(created(id, [{ sku: 'YM-20', count: 1 }]))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const orders = await Promise.all(ids.map((id) => t.hub.orders.findByExternal('ym', id)));
    expect(orders.filter((o) => o?.status === 'confirmed')).toHaveLength(20);
    expect(orders.filter((o) => o?.status === 'cancelled')).toHaveLength(180);
    expect(cancels).toHaveLength(180);
    expect(await t.hub.stock.view('YM-20')).toMatchObject({ onHand: 20, reserved: 20, available: 0 });
  });

  it('follows ORDER_CANCELLED: the hub order is cancelled and its stock released', async () => {
    await notify(created('5004', [{ sku: 'MUG-CLASSIC', count: 3 }]));
    const before = await reserved('MUG-CLASSIC');
    market.get('5004')!.status = 'CANCELLED';
    const res = await notify({ notificationType: 'ORDER_CANCELLED', campaignId: CAMPAIGN, orderId: 5004, cancelledAt: '2026-11-23T11:00:00+03:00', items: [{ offerId: 'MUG-CLASSIC', count: 3 }] });
    expect(res.status).toBe(200);
    const order = await t.hub.orders.findByExternal('ym', '5004');
    expect(order?.status).toBe('cancelled');
    expect(await reserved('MUG-CLASSIC')).toBe(before - 3);
    expect(cancels).toEqual([]);
  });

  it('refuses a call without the token and stores nothing', async () => {
    const body = created('5005', [{ sku: 'MUG-CLASSIC', count: 1 }]);
    const res = await notify(body, '/yandex-market/ym/notification?token=wrong-token-0000000000');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(reads).toEqual([]);
    expect(await t.hub.orders.findByExternal('ym', '5005')).toBeUndefined();
    expect((await t.call('GET', '/v1/admin/dead-letters?connectorId=ym')).body.items).toEqual([]);
  });

  it('answers 500 in Market format when the order cannot be read, so Market retries', async () => {
    const res = await notify({ notificationType: 'ORDER_CREATED', campaignId: CAMPAIGN, orderId: 5999, createdAt: '2026-11-23T09:15:00+03:00', items: [{ offerId: 'X', count: 1 }] });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { type: 'UNKNOWN', message: expect.stringContaining('5999') } });
    expect(await t.hub.orders.findByExternal('ym', '5999')).toBeUndefined();
  });

  it('answers a malformed notification with WRONG_EVENT_FORMAT and keeps it, without the token', async () => {
    const res = await notify({ notificationType: 'ORDER_CREATED', campaignId: CAMPAIGN });
    expect(res.status).toBe(400);
    expect(res.body.error.type).toBe('WRONG_EVENT_FORMAT');
    const list = (await t.call('GET', '/v1/admin/dead-letters?connectorId=ym')).body.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ origin: 'push', action: 'notification', request: { query: {} } });
    expect(JSON.stringify(list[0])).not.toContain(TOKEN);
  });

  it('answers 404 for a connector that is not Yandex Market', async () => {
    const res = await notify({ notificationType: 'PING' }, '/yandex-market/site/notification');
    expect(res.status).toBe(404);
  });
});
