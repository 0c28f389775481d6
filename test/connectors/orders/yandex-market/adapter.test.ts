import { http, HttpResponse, delay } from 'msw';
import { describe, expect, it } from 'vitest';
import { createYandexMarketAdapter } from '../../../../src/connectors/orders/yandex-market/index.js';
import { ConnectorError, ProblemError } from '../../../../src/core/errors.js';
import { useMsw } from '../../../helpers/msw.js';
import { API_KEY, BASE, CAMPAIGN, config, deps, fixture, fixtureJson } from './helpers.js';

const server = useMsw();
const ORDER_URL = `${BASE}/v2/campaigns/${CAMPAIGN}/orders/:orderId`;
const push = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, query: {}, body });

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(() => undefined, (err) => err);
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

describe('yandex-market getOrder', () => {
  it('reads the order with the Api-Key header and maps it', async () => {
    const seen: { key: string | null; id: unknown }[] = [];
    server.use(http.get(ORDER_URL, ({ request, params }) => {
      seen.push({ key: request.headers.get('api-key'), id: params.orderId });
      return HttpResponse.json(fixtureJson('get-order.response.json'));
    }));
    const o = await createYandexMarketAdapter(config(), deps()).getOrder('12345');
    expect(seen).toEqual([{ key: API_KEY, id: '12345' }]);
    expect(o).toMatchObject({ source: 'ym-main', externalId: '12345', lines: [{ price: 120000 }, { price: 220000 }] });
  });

  it('classifies 401 as auth without leaking the key', async () => {
    server.use(http.get(ORDER_URL, () => HttpResponse.json(fixtureJson('error-401.response.json'), { status: 401 })));
    const e = await failure(createYandexMarketAdapter(config(), deps()).getOrder('1'));
    expect(e).toMatchObject({ code: 'auth', transient: false });
    expect(e.message).toContain('UNAUTHORIZED');
    expect(e.message).not.toContain(API_KEY);
  });

  it('404 and 400 are permanent invalid_request with Market text; 500 is transient', async () => {
    server.use(http.get(ORDER_URL, () => HttpResponse.json({ status: 'ERROR', errors: [{ code: 'NOT_FOUND', message: 'Order not found' }] }, { status: 404 })));
    expect(await failure(createYandexMarketAdapter(config(), deps()).getOrder('1'))).toMatchObject({ code: 'invalid_request', transient: false, message: expect.stringContaining('NOT_FOUND: Order not found') });
    server.use(http.get(ORDER_URL, () => new HttpResponse('oops', { status: 503 })));
    expect(await failure(createYandexMarketAdapter(config(), deps()).getOrder('1'))).toMatchObject({ code: 'provider_error', transient: true });
  });

  it('times out as a transient timeout', async () => {
    server.use(http.get(ORDER_URL, async () => { await delay(3000); return HttpResponse.json({}); }));
    const e = await failure(createYandexMarketAdapter(config({ timeoutMs: 500 }), deps()).getOrder('1'));
    expect(e).toMatchObject({ code: 'timeout', transient: true });
  });

  it('reports a malformed body as bad_response', async () => {
    server.use(http.get(ORDER_URL, () => HttpResponse.text('<html>maintenance</html>')));
    expect(await failure(createYandexMarketAdapter(config(), deps()).getOrder('1'))).toMatchObject({ code: 'bad_response' });
    server.use(http.get(ORDER_URL, () => HttpResponse.json({ order: { id: 1 } })));
    expect(await failure(createYandexMarketAdapter(config(), deps()).getOrder('1'))).toMatchObject({ code: 'bad_response' });
  });

  it('waits out 420/429 with Retry-After and retries', async () => {
    for (const status of [420, 429]) {
      let calls = 0;
      server.use(http.get(ORDER_URL, () => (++calls === 1 ? HttpResponse.json(fixtureJson('error-420.response.json'), { status, headers: { 'retry-after': '0' } }) : HttpResponse.json(fixtureJson('get-order.response.json')))));
      const o = await createYandexMarketAdapter(config(), deps()).getOrder('12345');
      expect([status, calls, o.externalId]).toEqual([status, 2, '12345']);
    }
  });

  it('gives a long Retry-After back to the caller as a transient rate_limited error', async () => {
    let calls = 0;
    server.use(http.get(ORDER_URL, () => { calls++; return HttpResponse.json(fixtureJson('error-420.response.json'), { status: 420, headers: { 'retry-after': '60' } }); }));
    const e = await failure(createYandexMarketAdapter(config(), deps()).getOrder('1'));
    expect(e).toMatchObject({ code: 'rate_limited', transient: true, retryAfterMs: 60000 });
    expect(e.message).toContain('Hit rate limit of 4 parallel requests');
    expect(calls).toBe(1);
  });

  it('never has more than 2 requests in flight', async () => {
    let inFlight = 0;
    let max = 0;
    server.use(http.get(ORDER_URL, async () => {
      max = Math.max(max, ++inFlight);
      await delay(40);
      inFlight--;
      return HttpResponse.json(fixtureJson('get-order.response.json'));
    }));
    const ym = createYandexMarketAdapter(config(), deps());
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => ym.getOrder(String(i))));
    expect(results).toHaveLength(7);
    expect(max).toBe(2);
  });
});

describe('yandex-market cancelOrder', () => {
  it('PUTs status CANCELLED / SHOP_FAILED', async () => {
    const seen: unknown[] = [];
    server.use(http.put(`${BASE}/v2/campaigns/${CAMPAIGN}/orders/:orderId/status`, async ({ request, params }) => {
      seen.push({ id: params.orderId, key: request.headers.get('api-key'), type: request.headers.get('content-type'), body: await request.json() });
      return HttpResponse.json({ order: fixtureJson('get-order.response.json').order });
    }));
    await createYandexMarketAdapter(config(), deps()).cancelOrder('12345', 'out of stock: 100423035876');
    expect(seen).toEqual([{ id: '12345', key: API_KEY, type: 'application/json', body: { order: { status: 'CANCELLED', substatus: 'SHOP_FAILED' } } }]);
  });

  it('reports a refused status change as invalid_request with Market text', async () => {
    server.use(http.put(`${BASE}/v2/campaigns/${CAMPAIGN}/orders/:orderId/status`, () =>
      HttpResponse.json({ status: 'ERROR', errors: [{ code: 'STATUS_NOT_ALLOWED', message: 'Status CANCELLED is not allowed for order in DELIVERED' }] }, { status: 400 })));
    const e = await failure(createYandexMarketAdapter(config(), deps()).cancelOrder('1', 'x'));
    expect(e).toMatchObject({ code: 'invalid_request', transient: false });
    expect(e.message).toContain('STATUS_NOT_ALLOWED');
  });
});

describe('yandex-market parsePush', () => {
  it('reads the order behind ORDER_CREATED', async () => {
    server.use(http.get(ORDER_URL, ({ params }) => HttpResponse.json({ order: { ...fixtureJson('get-order.response.json').order, id: Number(params.orderId) } })));
    const orders = await createYandexMarketAdapter(config(), deps()).parsePush!(push(fixture('notification-order-created.request.json')));
    expect(orders.map((o) => o.externalId)).toEqual(['12345']);
  });

  it('calls nothing for PING or other types, and throws 400 for a malformed body', async () => {
    const ym = createYandexMarketAdapter(config(), deps());
    expect(await ym.parsePush!(push(fixture('notification-ping.request.json')))).toEqual([]);
    expect(await ym.parsePush!(push('{"notificationType":"CHAT_CREATED"}'))).toEqual([]);
    const e = await ym.parsePush!(push('{"notificationType":"ORDER_CREATED"}')).catch((x) => x);
    expect(e).toBeInstanceOf(ProblemError);
    expect(e).toMatchObject({ status: 400, extras: { body: { error: { type: 'WRONG_EVENT_FORMAT' } } } });
  });
});
