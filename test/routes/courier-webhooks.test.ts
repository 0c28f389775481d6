import { http, HttpResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { orderBody, useTestHub } from '../helpers/hub.js';
import { useMsw } from '../helpers/msw.js';

const CDEK = 'https://api.cdek.test';
const TOKEN = 'cdek-hook-token-0123456789';
const t = useTestHub();
const server = useMsw();

/** A CDEK ORDER_STATUS event as CDEK documents it (POST /v2/webhooks subscriptions). */
const orderStatus = (number: string | undefined, code: string, at: string) => ({
  type: 'ORDER_STATUS',
  date_time: at,
  uuid: '72753031-5ac9-4a3c-ae05-7c3bd0e6a8d1',
  attributes: { is_return: false, cdek_number: '1106207236', ...(number ? { number } : {}), status_code: '3', status_date_time: at, city_name: 'Новосибирск', city_code: '270', code, is_reverse: false, is_client_return: false },
});
const push = (body: unknown, token: string | null = TOKEN) =>
  t.call('POST', `/webhooks/couriers/cdek${token === null ? '' : `?token=${token}`}`, body, { key: null });

let shipmentId = '';
let orderId = '';

beforeAll(async () => {
  await t.call('PUT', '/v1/admin/connectors/cdek', { id: 'cdek', type: 'cdek', config: { clientId: 'acct', clientSecret: 'S3cr3t-value', baseUrl: CDEK, senderCityCode: 44, webhookToken: TOKEN } });
  orderId = (await t.call('POST', '/v1/orders', orderBody('HOOK-1', [{ sku: 'MUG-CLASSIC', qty: 2 }]))).body.id;
  expect((await t.call('POST', `/v1/orders/${orderId}/confirm`)).status).toBe(200);
  const now = t.clock.now();
  shipmentId = (await t.hub.shipments.request(orderId, { connectorId: 'cdek', service: '139' })).shipment.id;
  // As the booking worker leaves it when CDEK has registered the order.
  await t.hub.shipments.store.setState(shipmentId, 'booked', now, 'booked at CDEK', { courierId: '72753031-5ac9-4a3c-ae05-7c3bd0e6a8d1', trackNumber: '1106207236' });
  await t.hub.orders.transition(orderId, 'booked', 'booked at CDEK', now);
});

describe('CDEK ORDER_STATUS webhooks', () => {
  it('refuses a push without the token or with a wrong one, and changes nothing', async () => {
    for (const token of [null, 'wrong-token-0123456789xxxx']) {
      const res = await push(orderStatus(shipmentId, 'DELIVERED', '2026-11-25T12:00:00+07:00'), token);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await t.call('GET', `/v1/shipments/${shipmentId}`)).body.state).toBe('booked');
    expect((await t.call('GET', `/v1/orders/${orderId}`)).body.status).toBe('booked');
  });

  it('moves the shipment and the order along, consuming the reservation at in_transit', async () => {
    const before = (await t.call('GET', '/v1/stock?sku=MUG-CLASSIC')).body;
    const res = await push(orderStatus(shipmentId, 'RECEIVED_AT_SHIPMENT_WAREHOUSE', '2026-11-24T09:00:00+03:00'));
    expect(res.body).toEqual({ received: 1, applied: 1 });
    expect((await t.call('GET', `/v1/shipments/${shipmentId}`)).body.state).toBe('in_transit');
    expect((await t.call('GET', `/v1/orders/${orderId}`)).body.status).toBe('in_transit');
    const after = (await t.call('GET', '/v1/stock?sku=MUG-CLASSIC')).body;
    expect(after.reserved).toBe(before.reserved - 2);
    expect(after.onHand).toBe(before.onHand - 2);

    expect((await push(orderStatus(shipmentId, 'DELIVERED', '2026-11-25T12:00:00+07:00'))).body).toEqual({ received: 1, applied: 1 });
    expect((await t.call('GET', `/v1/orders/${orderId}`)).body.status).toBe('delivered');
  });

  it('takes a repeated push, another event type or a foreign order with 200 and changes nothing', async () => {
    expect((await push(orderStatus(shipmentId, 'DELIVERED', '2026-11-25T12:00:00+07:00'))).body).toEqual({ received: 1, applied: 0 });
    expect((await push({ type: 'PRINT_FORM', date_time: '2026-11-25T12:00:00+07:00', uuid: 'x', attributes: { type: 'WAYBILL', url: 'https://api.cdek.ru/v2/print/orders/x.pdf' } })).body).toEqual({ received: 0, applied: 0 });
    expect((await push(orderStatus(undefined, 'DELIVERED', '2026-11-25T12:00:00+07:00'))).body).toEqual({ received: 0, applied: 0 });
    expect((await push(orderStatus('shp_unknown', 'DELIVERED', '2026-11-25T12:00:00+07:00'))).body).toEqual({ received: 1, applied: 0 });
    expect((await t.call('GET', `/v1/orders/${orderId}`)).body.status).toBe('delivered');
  });

  it('answers a body that is not a CDEK event with 400 naming the field', async () => {
    expect((await push('{not json')).status).toBe(400);
    const res = await push({ type: 'ORDER_STATUS', attributes: { number: shipmentId } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('attributes.code');
  });

  it('subscribes at CDEK with the token in the URL, and never shows the token', async () => {
    let sent: { type?: string; url?: string } = {};
    server.use(
      http.post(`${CDEK}/v2/oauth/token`, () => HttpResponse.json({ access_token: 'tok', token_type: 'bearer', expires_in: 3600, scope: 'order:all', jti: 'j' })),
      http.post(`${CDEK}/v2/webhooks`, async ({ request }) => {
        sent = (await request.json()) as typeof sent;
        return HttpResponse.json({ entity: { uuid: '1f5a4f84-5c4b-4f54-9b0c-8f9c4d3d2a11' }, requests: [{ request_uuid: 'r', type: 'CREATE', state: 'SUCCESSFUL', date_time: '2026-11-23T10:00:00+0300', errors: [], warnings: [] }] });
      }),
    );
    const res = await t.call('POST', '/v1/admin/connectors/cdek/webhook-subscription', { publicBaseUrl: 'https://hub.example.ru/' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ subscriptionId: '1f5a4f84-5c4b-4f54-9b0c-8f9c4d3d2a11', url: 'https://hub.example.ru/webhooks/couriers/cdek' });
    expect(sent).toEqual({ type: 'ORDER_STATUS', url: `https://hub.example.ru/webhooks/couriers/cdek?token=${TOKEN}` });
    expect(t.logs.join('\n')).not.toContain(TOKEN);
    expect((await t.call('GET', '/v1/admin/connectors/cdek')).text).not.toContain(TOKEN);
  });

  it('refuses pushes when no token is configured, and subscribing to a courier without webhooks', async () => {
    await t.call('PUT', '/v1/admin/connectors/cdek2', { id: 'cdek2', type: 'cdek', config: { clientId: 'acct', clientSecret: 'S3cr3t-value', baseUrl: CDEK } });
    expect((await t.call('POST', `/webhooks/couriers/cdek2?token=${TOKEN}`, orderStatus(shipmentId, 'DELIVERED', '2026-11-25T12:00:00+07:00'), { key: null })).status).toBe(403);
    expect((await t.call('POST', '/v1/admin/connectors/cdek2/webhook-subscription', { publicBaseUrl: 'https://hub.example.ru' })).status).toBe(409);
    expect((await t.call('POST', '/v1/admin/connectors/own-courier/webhook-subscription', { publicBaseUrl: 'https://hub.example.ru' })).status).toBe(409);
    expect((await t.call('POST', '/v1/admin/connectors/cdek/webhook-subscription', { publicBaseUrl: 'https://hub.example.ru' }, { key: 'svz_nope' })).status).toBe(401);
  });
});
