import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PullStateStore, runPull } from '../../src/core/orders/pull.js';
import { useTestHub } from '../helpers/hub.js';
import { useMsw } from '../helpers/msw.js';

const sample = (name: string) => JSON.parse(readFileSync(`/work/shared/samples/marketplaces/${name}`, 'utf8'));
const fixture = (path: string) => JSON.parse(readFileSync(new URL(`../../fixtures/orders/${path}`, import.meta.url), 'utf8'));

/** The v3 sample says `has_next: true`: it is page one, and the next offset is empty. */
function ozonV3(body: { offset: number }) {
  const page = sample('ozon_v3_posting_fbs_list_response.json');
  return body.offset === 0 ? page : { result: { postings: [], has_next: false } };
}

const t = useTestHub();
const server = useMsw();
afterEach(() => vi.restoreAllMocks());

async function ordersOf(source: string) {
  const page = await t.hub.orders.list({ limit: 200 });
  return page.items.filter((o) => o.source === source);
}
async function receivedEvents(source: string) {
  const { events } = await t.hub.events.read(undefined, 100_000);
  return events.filter((e) => e.type === 'order.received' && e.data.source === source);
}
async function putConnector(id: string, type: string, config: Record<string, unknown>) {
  const res = await t.call('PUT', `/v1/admin/connectors/${id}`, { id, type, enabled: true, config });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

describe('pulls of the real marketplace samples', () => {
  it('maps the Ozon v3 sample to a canonical order, flags its unknown SKU and emits order.received once', async () => {
    const requests: any[] = [];
    server.use(http.post('https://ozon.test/v3/posting/fbs/list', async ({ request }) => {
      const body = (await request.json()) as { offset: number };
      requests.push({ body, clientId: request.headers.get('client-id') });
      return HttpResponse.json(ozonV3(body));
    }));
    await putConnector('ozon-a', 'ozon', { clientId: '123456', apiKey: 'ozon-secret-key', baseUrl: 'https://ozon.test', apiVersion: 'v3' });

    const res = await t.call('POST', '/v1/admin/connectors/ozon-a/sync');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', pages: 2, orders: 1, created: 1, deadLettered: 0 });
    expect(requests.map((r) => r.body.offset)).toEqual([0, 1]);
    expect(requests[0].clientId).toBe('123456');

    const [order] = await ordersOf('ozon-a');
    expect(order).toMatchObject({
      externalId: '05708065-0029-1',
      status: 'new',
      currency: 'RUB',
      payment: { method: 'prepaid' },
      lines: [{ sku: '205953', qty: 1, price: 139000, externalIds: { ozon: '358924380' }, unknownSku: true }],
      sourceData: { status: 'awaiting_deliver', hubStatus: 'new' },
    });
    expect(await receivedEvents('ozon-a')).toHaveLength(1);

    const view = await t.call('GET', '/v1/admin/connectors/ozon-a');
    expect(view.body.state.lastPullAt).toBe(t.clock.now().toISOString());
    expect(view.body.state.lastError).toBeNull();
    expect(JSON.parse(view.body.state.cursor)).toMatchObject({ v: 1, api: 'v3' });
    expect(view.body.config.apiKey).toBe('***');

    const metrics = (await t.call('GET', '/metrics', undefined, { key: null })).text;
    expect(metrics).toContain('svyazka_order_pulls_total{connector="ozon-a",outcome="done"} 1');
    expect(metrics).toContain('svyazka_order_pull_records_total{connector="ozon-a",fate="stored"} 1');
    expect(metrics).toMatch(/svyazka_order_pull_last_success_seconds\{connector="ozon-a"\} \d+/);
  });

  it('makes no duplicates when the same window is pulled twice', async () => {
    server.use(http.post('https://ozon.test/v3/posting/fbs/list', async ({ request }) => HttpResponse.json(ozonV3((await request.json()) as { offset: number }))));
    await putConnector('ozon-b', 'ozon', { clientId: '123456', apiKey: 'ozon-secret-key', baseUrl: 'https://ozon.test', apiVersion: 'v3' });
    expect((await runPull(t.hub, 'ozon-b')).created).toBe(1);
    // The same window again: forget the cursor, as if the state were lost.
    await new PullStateStore(t.hub.redis, t.hub.keys).clear('ozon-b');
    const again = await runPull(t.hub, 'ozon-b');
    expect(again).toMatchObject({ status: 'done', orders: 1, created: 0 });
    expect(await ordersOf('ozon-b')).toHaveLength(1);
    expect(await receivedEvents('ozon-b')).toHaveLength(1);
  });

  it('loses nothing and duplicates nothing when the process dies between storing orders and the cursor', async () => {
    const base = fixture('ozon/posting-fbs-list.v4.response.json').postings[0];
    const pages: Record<string, object> = {
      '': { cursor: 'c1', has_next: true, postings: [{ ...base, posting_number: 'P-1' }, { ...base, posting_number: 'P-2' }] },
      c1: { cursor: 'c2', has_next: false, postings: [{ ...base, posting_number: 'P-3' }, { ...base, posting_number: 'P-4' }] },
    };
    const asked: string[] = [];
    server.use(http.post('https://ozon.test/v4/posting/fbs/list', async ({ request }) => {
      const body = (await request.json()) as { cursor: string };
      asked.push(body.cursor);
      return HttpResponse.json(pages[body.cursor]);
    }));
    await putConnector('ozon-c', 'ozon', { clientId: '123456', apiKey: 'ozon-secret-key', baseUrl: 'https://ozon.test' });

    const save = PullStateStore.prototype.saveCursor;
    let writes = 0;
    vi.spyOn(PullStateStore.prototype, 'saveCursor').mockImplementation(async function (this: PullStateStore, id: string, cursor: string) {
      if (++writes === 2) throw new Error('killed before the cursor write');
      return save.call(this, id, cursor);
    });
    const crashed = await t.call('POST', '/v1/admin/connectors/ozon-c/sync');
    expect(crashed.status).toBe(500);
    expect((await ordersOf('ozon-c')).map((o) => o.externalId).sort()).toEqual(['P-1', 'P-2', 'P-3', 'P-4']);
    const state = (await t.call('GET', '/v1/admin/connectors/ozon-c')).body.state;
    expect(JSON.parse(state.cursor).page).toBe('c1');
    expect(state.lastError).toContain('killed before the cursor write');

    const resumed = await t.call('POST', '/v1/admin/connectors/ozon-c/sync');
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ orders: 2, created: 0 });
    expect(asked).toEqual(['', 'c1', 'c1']);
    expect(await ordersOf('ozon-c')).toHaveLength(4);
    expect(await receivedEvents('ozon-c')).toHaveLength(4);
    expect((await t.call('GET', '/v1/admin/connectors/ozon-c')).body.state.lastError).toBeNull();
  });

  it('maps the Wildberries sample with its status and keeps kopecks', async () => {
    server.use(
      http.get('https://wb.test/api/v3/orders/new', () => HttpResponse.json(sample('wb_api_v3_orders_new_example_assembled.json'))),
      http.get('https://wb.test/api/v3/orders', () => HttpResponse.json({ orders: [], next: 0 })),
      http.post('https://wb.test/api/v3/orders/status', async ({ request }) => {
        const { orders } = (await request.json()) as { orders: number[] };
        return HttpResponse.json({ orders: orders.map((id) => ({ id, supplierStatus: 'new', wbStatus: 'waiting' })) });
      }),
    );
    await putConnector('wb-a', 'wildberries', { token: 'wb-token-value', baseUrl: 'https://wb.test' });
    const res = await t.call('POST', '/v1/admin/connectors/wb-a/sync');
    expect(res.body).toMatchObject({ status: 'done', pages: 2, created: 1 });
    const [order] = await ordersOf('wb-a');
    expect(order).toMatchObject({
      externalId: '13833711',
      currency: 'RUB',
      lines: [{ sku: 'one-ring-7548', qty: 1, price: 28322, unknownSku: true, externalIds: { nmId: '123456789' } }],
      status: 'new',
    });
  });

  it('refuses the Yandex Market sample orders at Market when the SKUs are not in stock, reserving nothing', async () => {
    const cancels: { path: string; body: unknown }[] = [];
    server.use(
      http.get('https://ym.test/v2/campaigns/21000001/orders', () => HttpResponse.json(sample('yandex_pull_getOrders_response.json'))),
      http.put('https://ym.test/v2/campaigns/21000001/orders/:id/status', async ({ request, params }) => {
        cancels.push({ path: String(params.id), body: await request.json() });
        return HttpResponse.json({ order: { id: Number(params.id), status: 'CANCELLED', substatus: 'SHOP_FAILED' } });
      }),
    );
    await putConnector('ym-pull', 'yandex-market', { baseUrl: 'https://ym.test', campaignId: 21000001, apiKey: 'ym-api-key-0123456789' });
    const res = await t.call('POST', '/v1/admin/connectors/ym-pull/sync');
    expect(res.body).toMatchObject({ status: 'done', created: 2 });
    const orders = await ordersOf('ym-pull');
    expect(orders.map((o) => [o.externalId, o.status]).sort()).toEqual([['12345', 'cancelled'], ['12346', 'cancelled']]);
    expect(orders.find((o) => o.externalId === '12345')!.lines.map((l) => [l.sku, l.price, l.unknownSku])).toEqual([['100423035876', 120000, true], ['100556386844', 220000, true]]);
    expect(cancels.map((c) => c.path).sort()).toEqual(['12345', '12346']);
    expect(cancels[0]!.body).toEqual({ order: { status: 'CANCELLED', substatus: 'SHOP_FAILED' } });
    for (const o of orders) expect(await t.hub.stock.reservationOf(o.id)).toEqual([]);
  });

  it('dead-letters a posting that cannot be mapped and keeps pulling the rest', async () => {
    const base = fixture('ozon/posting-fbs-list.v4.response.json').postings[0];
    server.use(http.post('https://ozon.test/v4/posting/fbs/list', () =>
      HttpResponse.json({ cursor: 'x', has_next: false, postings: [{ ...base, posting_number: 'GOOD-1' }, { ...base, posting_number: 'BAD-1', products: [] }] }),
    ));
    await putConnector('ozon-d', 'ozon', { clientId: '123456', apiKey: 'ozon-secret-key', baseUrl: 'https://ozon.test' });
    expect(await runPull(t.hub, 'ozon-d')).toMatchObject({ created: 1, deadLettered: 1 });
    // Read again (overlapping window): still one dead letter.
    await new PullStateStore(t.hub.redis, t.hub.keys).clear('ozon-d');
    await runPull(t.hub, 'ozon-d');
    const list = await t.call('GET', '/v1/admin/dead-letters?connectorId=ozon-d');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ origin: 'pull', externalId: 'BAD-1', connectorId: 'ozon-d' });
    expect(list.body.items[0].reason).toContain('has no products');
    // Nothing an admin can fix makes a posting without products an order: the replay says so and keeps it.
    const replay = await t.call('POST', `/v1/admin/dead-letters/${list.body.items[0].id}/replay`);
    expect(replay.status).toBe(422);
    expect(replay.body.code).toBe('replay_failed');
    expect((await t.call('GET', `/v1/admin/dead-letters/${list.body.items[0].id}`)).body).toMatchObject({ attempts: 1, externalId: 'BAD-1' });
    // Both reads counted the bad posting: the metric counts what pulls met, the list keeps one entry.
    expect((await t.call('GET', '/metrics', undefined, { key: null })).text).toContain('svyazka_order_pull_records_total{connector="ozon-d",fate="dead_lettered"} 2');
  });

  it('runs one pull per connector at a time', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    server.use(http.post('https://ozon.test/v3/posting/fbs/list', async ({ request }) => {
      await gate;
      return HttpResponse.json(ozonV3((await request.json()) as { offset: number }));
    }));
    await putConnector('ozon-e', 'ozon', { clientId: '123456', apiKey: 'ozon-secret-key', baseUrl: 'https://ozon.test', apiVersion: 'v3' });
    const first = runPull(t.hub, 'ozon-e');
    await vi.waitFor(async () => expect(await t.hub.redis.exists(t.hub.keys.pullLock('ozon-e'))).toBe(1));
    const second = await t.call('POST', '/v1/admin/connectors/ozon-e/sync');
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('pull_running');
    expect((await t.call('GET', '/metrics', undefined, { key: null })).text).toContain('svyazka_order_pulls_total{connector="ozon-e",outcome="busy"} 1');
    release();
    expect((await first).status).toBe('done');
    expect(await t.hub.redis.exists(t.hub.keys.pullLock('ozon-e'))).toBe(0);
  });
});
