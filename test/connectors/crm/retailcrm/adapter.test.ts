import { http, HttpResponse, delay } from 'msw';
import { describe, expect, it } from 'vitest';
import { createRetailCrmAdapter } from '../../../../src/connectors/crm/retailcrm/index.js';
import { ConnectorError } from '../../../../src/core/errors.js';
import { useMsw } from '../../../helpers/msw.js';
import { API, API_KEY, config, deps, fixtureJson, order } from './helpers.js';

const server = useMsw();
const signal = () => AbortSignal.timeout(5000);

interface Seen { method: string; path: string; query: Record<string, string>; key: string | null; type: string | null; form: Record<string, string> }
async function record(request: Request, seen: Seen[]) {
  const url = new URL(request.url);
  const text = request.method === 'GET' ? '' : await request.text();
  seen.push({
    method: request.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    key: request.headers.get('x-api-key'),
    type: request.headers.get('content-type'),
    form: Object.fromEntries(new URLSearchParams(text)),
  });
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(() => undefined, (err) => err);
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

describe('retailcrm pushOrder', () => {
  it('POSTs orders/create form-encoded with X-API-KEY, site and the order JSON', async () => {
    const seen: Seen[] = [];
    server.use(http.post(`${API}/orders/create`, async ({ request }) => {
      await record(request, seen);
      return HttpResponse.json(fixtureJson('orders-create.response.json'), { status: 201 });
    }));
    const res = await createRetailCrmAdapter(config(), deps()).pushOrder(order(), { signal: signal() });
    expect(res).toEqual({ created: true, crmId: 7351 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/v5/orders/create', key: API_KEY, type: 'application/x-www-form-urlencoded' });
    expect(seen[0]!.form.site).toBe('shop-main');
    const sent = JSON.parse(seen[0]!.form.order!);
    expect(sent).toMatchObject({ externalId: 'ord_01jf8z6x5k3q', firstName: 'Иван', lastName: 'Петров', items: [{ offer: { externalId: 'TSHIRT-BLK-M' }, initialPrice: 1250, quantity: 2 }] });
    expect(seen[0]!.query).toEqual({});
  });

  it('treats "Order already exists." (duplicate externalId) as success', async () => {
    server.use(http.post(`${API}/orders/create`, () => HttpResponse.json(fixtureJson('orders-create-duplicate.response.json'), { status: 400 })));
    expect(await createRetailCrmAdapter(config(), deps()).pushOrder(order())).toEqual({ created: false });
  });

  it('after an ambiguous timeout looks the order up by externalId, then creates it when missing', async () => {
    const seen: Seen[] = [];
    let creates = 0;
    server.use(
      http.post(`${API}/orders/create`, async ({ request }) => {
        await record(request, seen);
        if (++creates === 1) await delay(1500);
        return HttpResponse.json(fixtureJson('orders-create.response.json'), { status: 201 });
      }),
      http.get(`${API}/orders/:id`, async ({ request }) => {
        await record(request, seen);
        return HttpResponse.json(fixtureJson('not-found.response.json'), { status: 404 });
      }),
    );
    const res = await createRetailCrmAdapter(config(), deps()).pushOrder(order());
    expect(res).toEqual({ created: true, crmId: 7351 });
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /api/v5/orders/create',
      'GET /api/v5/orders/ord_01jf8z6x5k3q',
      'POST /api/v5/orders/create',
    ]);
    expect(seen[1]!.query).toEqual({ by: 'externalId', site: 'shop-main' });
    expect(seen[1]!.key).toBe(API_KEY);
  });

  it('after an ambiguous timeout does not create again when the lookup finds the order', async () => {
    let creates = 0;
    server.use(
      http.post(`${API}/orders/create`, async () => { creates++; await delay(1500); return HttpResponse.json({}, { status: 201 }); }),
      http.get(`${API}/orders/:id`, () => HttpResponse.json(fixtureJson('orders-get.response.json'))),
    );
    expect(await createRetailCrmAdapter(config(), deps()).pushOrder(order())).toEqual({ created: false, crmId: 7351 });
    expect(creates).toBe(1);
  });

  it('lookupFirst (a retry after an ambiguous job run) finds the order without creating', async () => {
    let creates = 0;
    server.use(
      http.post(`${API}/orders/create`, () => { creates++; return HttpResponse.json({}, { status: 201 }); }),
      http.get(`${API}/orders/:id`, () => HttpResponse.json(fixtureJson('orders-get.response.json'))),
    );
    expect(await createRetailCrmAdapter(config(), deps()).pushOrder(order(), { lookupFirst: true })).toEqual({ created: false, crmId: 7351 });
    expect(creates).toBe(0);
  });

  it('400 with errors{} is a permanent invalid_request keeping errorMsg and every field error', async () => {
    server.use(http.post(`${API}/orders/create`, () => HttpResponse.json(fixtureJson('orders-create-invalid.response.json'), { status: 400 })));
    const e = await failure(createRetailCrmAdapter(config(), deps()).pushOrder(order()));
    expect(e).toMatchObject({ code: 'invalid_request', transient: false });
    expect(e.message).toContain('Order is not loaded; customer.externalId: Customer with externalId=2106 not found.');
  });

  it('401 wrong key is auth, never showing the key', async () => {
    server.use(http.post(`${API}/orders/create`, () => HttpResponse.json(fixtureJson('error-401.response.json'), { status: 401 })));
    const e = await failure(createRetailCrmAdapter(config(), deps()).pushOrder(order()));
    expect(e).toMatchObject({ code: 'auth', transient: false });
    expect(e.message).toContain('Wrong "apiKey" value.');
    expect(e.message).not.toContain(API_KEY);
  });

  it('503 rate limit and 429 are transient rate_limited with a wait; other 5xx are provider_error', async () => {
    server.use(http.post(`${API}/orders/create`, () => HttpResponse.json(fixtureJson('error-503-rate-limit.response.json'), { status: 503 })));
    const e = await failure(createRetailCrmAdapter(config(), deps()).pushOrder(order()));
    expect(e).toMatchObject({ code: 'rate_limited', transient: true, retryAfterMs: 1000 });
    server.use(http.post(`${API}/orders/create`, () => new HttpResponse('slow down', { status: 429, headers: { 'retry-after': '2' } })));
    expect(await failure(createRetailCrmAdapter(config(), deps()).pushOrder(order()))).toMatchObject({ code: 'rate_limited', retryAfterMs: 2000 });
    server.use(http.post(`${API}/orders/create`, () => new HttpResponse('<html>502 Bad Gateway</html>', { status: 502 })));
    const e502 = await failure(createRetailCrmAdapter(config(), deps()).pushOrder(order()));
    expect(e502).toMatchObject({ code: 'provider_error', transient: true });
    expect(e502.message).toContain('502 Bad Gateway');
  });

  it('a 2xx body that is not a v5 result is bad_response', async () => {
    server.use(http.post(`${API}/orders/create`, () => HttpResponse.text('<html>maintenance</html>', { status: 200 })));
    expect(await failure(createRetailCrmAdapter(config(), deps()).pushOrder(order()))).toMatchObject({ code: 'bad_response' });
  });

  it('a timeout with a failed lookup surfaces as a transient error', async () => {
    server.use(
      http.post(`${API}/orders/create`, async () => { await delay(1500); return HttpResponse.json({}, { status: 201 }); }),
      http.get(`${API}/orders/:id`, async () => { await delay(1500); return HttpResponse.json({}); }),
    );
    const e = await failure(createRetailCrmAdapter(config(), deps()).pushOrder(order()));
    expect(e).toMatchObject({ code: 'timeout', transient: true });
  });
});

describe('retailcrm updateStatus', () => {
  it('edits by externalId with the mapped status', async () => {
    const seen: Seen[] = [];
    server.use(http.post(`${API}/orders/:id/edit`, async ({ request }) => {
      await record(request, seen);
      return HttpResponse.json(fixtureJson('orders-edit.response.json'));
    }));
    const res = await createRetailCrmAdapter(config(), deps()).updateStatus(order({ status: 'confirmed' }));
    expect(res).toEqual({ updated: true, crmStatus: 'client-confirmed' });
    expect(seen[0]).toMatchObject({ path: '/api/v5/orders/ord_01jf8z6x5k3q/edit', key: API_KEY, type: 'application/x-www-form-urlencoded' });
    expect(seen[0]!.form.by).toBe('externalId');
    expect(seen[0]!.form.site).toBe('shop-main');
    expect(JSON.parse(seen[0]!.form.order!)).toEqual({ status: 'client-confirmed' });
  });

  it('skips an unmapped status without calling retailCRM', async () => {
    const res = await createRetailCrmAdapter(config(), deps()).updateStatus(order({ status: 'returned' }));
    expect(res).toMatchObject({ updated: false, skipped: expect.stringContaining("'returned'") });
  });

  it('creates the order (already in its status) when retailCRM does not have it', async () => {
    let created: any;
    server.use(
      http.post(`${API}/orders/:id/edit`, () => HttpResponse.json(fixtureJson('not-found.response.json'), { status: 404 })),
      http.post(`${API}/orders/create`, async ({ request }) => {
        created = JSON.parse(new URLSearchParams(await request.text()).get('order')!);
        return HttpResponse.json(fixtureJson('orders-create.response.json'), { status: 201 });
      }),
    );
    expect(await createRetailCrmAdapter(config(), deps()).updateStatus(order({ status: 'in_transit' }))).toEqual({ updated: true, crmStatus: 'send-to-delivery' });
    expect(created).toMatchObject({ externalId: 'ord_01jf8z6x5k3q', status: 'send-to-delivery' });
  });

  it('a refused status (400) is invalid_request with retailCRM text', async () => {
    server.use(http.post(`${API}/orders/:id/edit`, () => HttpResponse.json({ success: false, errorMsg: 'Order is not loaded', errors: { status: 'Status "x" does not exist.' } }, { status: 400 })));
    const e = await failure(createRetailCrmAdapter(config(), deps()).updateStatus(order({ status: 'confirmed' })));
    expect(e).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('status: Status "x" does not exist.') });
  });
});

describe('retailcrm test() and registerModule()', () => {
  it('test() reads /credentials and checks orders/create and the store', async () => {
    const seen: Seen[] = [];
    server.use(http.get(`${API}/credentials`, async ({ request }) => { await record(request, seen); return HttpResponse.json(fixtureJson('credentials.response.json')); }));
    expect(await createRetailCrmAdapter(config(), deps()).test(signal())).toMatchObject({ ok: true });
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/api/v5/credentials', key: API_KEY });
    expect(await createRetailCrmAdapter(config({ siteCode: 'other' }), deps()).test(signal())).toMatchObject({ ok: false, detail: expect.stringContaining("'other'") });
    server.use(http.get(`${API}/credentials`, () => HttpResponse.json({ success: true, credentials: ['/api/orders'], siteAccess: 'access_full' })));
    expect(await createRetailCrmAdapter(config(), deps()).test(signal())).toMatchObject({ ok: false, detail: expect.stringContaining('orders/create') });
    server.use(http.get(`${API}/credentials`, () => HttpResponse.json({ success: true, scopes: ['order_read', 'order_write'], siteAccess: 'access_full' })));
    expect(await createRetailCrmAdapter(config(), deps()).test(signal())).toMatchObject({ ok: true });
    server.use(http.get(`${API}/credentials`, () => HttpResponse.json(fixtureJson('error-401.response.json'), { status: 401 })));
    expect(await createRetailCrmAdapter(config(), deps()).test(signal())).toMatchObject({ ok: false, detail: expect.stringContaining('Wrong "apiKey"') });
  });

  it('registerModule() POSTs integration-modules/{code}/edit with the delivery configuration', async () => {
    const seen: Seen[] = [];
    server.use(http.post(`${API}/integration-modules/:code/edit`, async ({ request }) => {
      await record(request, seen);
      return HttpResponse.json(fixtureJson('integration-module-edit.response.json'));
    }));
    await createRetailCrmAdapter(config(), deps()).registerModule(signal());
    expect(seen[0]).toMatchObject({ path: '/api/v5/integration-modules/svyazka/edit', key: API_KEY, type: 'application/x-www-form-urlencoded' });
    const m = JSON.parse(seen[0]!.form.integrationModule!);
    expect(m).toMatchObject({
      code: 'svyazka',
      integrationCode: 'svyazka',
      active: true,
      name: 'Svyazka',
      logo: 'https://hub.example.ru/logo.svg',
      clientId: 'svz-client-0123456789abcdef',
      baseUrl: 'https://hub.example.ru/retailcrm/crm-main/delivery',
      integrations: {
        delivery: {
          actions: { calculate: 'calculate', save: 'save', get: 'get', delete: 'delete' },
          payerType: ['receiver', 'sender'],
          platePrintLimit: 100,
          rateDeliveryCost: true,
          allowPackages: true,
          codAvailable: true,
        },
      },
    });
    expect(m.integrations.delivery.statusList.map((s: { code: string }) => s.code)).toContain('in_transit');
  });

  it('registerModule() without callback settings is a config error, with no request', async () => {
    const e = await failure(createRetailCrmAdapter(config({ callbackSecret: undefined }), deps()).registerModule());
    expect(e).toMatchObject({ code: 'config' });
  });
});
