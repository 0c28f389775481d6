import { readFileSync } from 'node:fs';
import { http, HttpResponse, delay } from 'msw';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWbAdapter, wildberries } from '../../../../src/connectors/orders/wildberries/index.js';
import { wildberriesConfig } from '../../../../src/connectors/orders/wildberries/config.js';
import { connectorDeps } from '../../../helpers/connector-deps.js';
import { useMsw } from '../../../helpers/msw.js';
import { testRedis } from '../../../helpers/redis.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../../fixtures/orders/wildberries/${name}`, import.meta.url), 'utf8'));
const BASE = 'https://wb.test';
const NOW = '2026-11-23T09:00:00+03:00';
const NOW_S = Date.parse(NOW) / 1000;
const DAY = 86_400;
const TOKEN = 'eyJhbGciOiJFUzI1NiIsImtpZCI6IjIwMjUwOTA0djEifQ.payload.signature';
const server = useMsw();
const r = testRedis();
afterAll(() => r.cleanup());

function adapter(extra: Record<string, unknown> = {}) {
  return createWbAdapter(wildberriesConfig.parse({ token: TOKEN, baseUrl: BASE, ...extra }), connectorDeps(r.redis, r.keys, 'wb-main', NOW));
}
const signal = () => AbortSignal.timeout(5000);
const order = (id: number) => ({ ...fixture('orders.response.json').orders[0], id });

interface Log {
  auth: (string | null)[];
  list: URLSearchParams[];
  status: number[][];
}

/** A WB simulator: /new gives the sample, /orders pages by `next`, /status answers every id. */
function serve(pages: Record<number, { next: number; orders: unknown[] }>, log: Log) {
  server.use(
    http.get(`${BASE}/api/v3/orders/new`, ({ request }) => {
      log.auth.push(request.headers.get('authorization'));
      return HttpResponse.json(fixture('orders-new.response.json'));
    }),
    http.get(`${BASE}/api/v3/orders`, ({ request }) => {
      const q = new URL(request.url).searchParams;
      log.auth.push(request.headers.get('authorization'));
      log.list.push(q);
      return HttpResponse.json(pages[Number(q.get('next'))] ?? { next: 0, orders: [] });
    }),
    http.post(`${BASE}/api/v3/orders/status`, async ({ request }) => {
      const ids = ((await request.json()) as { orders: number[] }).orders;
      log.status.push(ids);
      return HttpResponse.json({ orders: ids.map((id) => ({ id, isCancellable: true, supplierStatus: id % 2 ? 'new' : 'complete', wbStatus: id === 13833711 ? 'waiting' : 'sorted' })) });
    }),
  );
}

async function pullAll(a: ReturnType<typeof adapter>, cursor?: string) {
  const ids: string[] = [];
  const cursors: string[] = [];
  for (let i = 0; i < 10; i++) {
    const res = await a.pull(cursor, signal());
    ids.push(...res.orders.map((o) => o.externalId));
    cursors.push((cursor = res.cursor));
    if (!res.more) break;
  }
  return { ids, cursors, cursor: cursor! };
}

const PAGES = { 0: { next: 101, orders: [order(101)] }, 101: { next: 102, orders: [order(102)] }, 102: { next: 102, orders: [] } };

describe('wildberries pull', () => {
  it('reads new orders, then pages the orders list with statuses until done', async () => {
    const log: Log = { auth: [], list: [], status: [] };
    serve(PAGES, log);
    const a = adapter({ pageSize: 1 });
    const { ids, cursor } = await pullAll(a);
    expect(ids).toEqual(['13833711', '101', '102']);
    // the token travels as issued, no Bearer prefix
    expect(new Set(log.auth)).toEqual(new Set([TOKEN]));
    expect(log.list.map((q) => q.get('next'))).toEqual(['0', '101', '102']);
    expect(Object.fromEntries(log.list[0]!)).toEqual({ limit: '1', next: '0', dateFrom: String(NOW_S - 10 * DAY), dateTo: String(NOW_S) });
    expect(log.status).toEqual([[13833711], [101], [102]]);
    expect(JSON.parse(cursor)).toEqual({ v: 1, from: NOW_S - 300 });
  });

  it('puts the WB statuses on the orders', async () => {
    const log: Log = { auth: [], list: [], status: [] };
    serve(PAGES, log);
    const a = adapter({ pageSize: 1 });
    const first = await a.pull(undefined, signal());
    expect(first.more).toBe(true);
    expect(first.orders[0]!.sourceData).toMatchObject({ supplierStatus: 'new', wbStatus: 'waiting', hubStatus: 'new' });
    const second = await a.pull(first.cursor, signal());
    expect(second.orders[0]!.sourceData).toMatchObject({ supplierStatus: 'new', wbStatus: 'sorted', hubStatus: 'in_transit' });
  });

  it('gives the same orders for the same window twice (deterministic)', async () => {
    serve(PAGES, { auth: [], list: [], status: [] });
    const one = await pullAll(adapter({ pageSize: 1 }));
    const two = await pullAll(adapter({ pageSize: 1 }));
    expect(two.ids).toEqual(one.ids);
    expect(two.cursors).toEqual(one.cursors);
  });

  it('reads a backlog window by window, within WB\'s 30-day limit', async () => {
    const log: Log = { auth: [], list: [], status: [] };
    serve({}, log);
    const a = adapter();
    const from = NOW_S - 40 * DAY;
    const step1 = await a.pull(JSON.stringify({ v: 1, from }), signal());
    const step2 = await a.pull(step1.cursor, signal());
    expect(Number(log.list[0]!.get('dateTo'))).toBe(from + 7 * DAY);
    expect(Number(log.list[0]!.get('dateFrom'))).toBe(from - 3 * DAY);
    expect(step2.more).toBe(true);
    expect(JSON.parse(step2.cursor)).toEqual({ v: 1, from: from + 7 * DAY - 300 });
  });

  it('refuses a cursor it did not write', async () => {
    await expect(adapter().pull('next=5', signal())).rejects.toMatchObject({ code: 'invalid_request', transient: false });
  });
});

describe('wildberries pull errors', () => {
  const answerNew = (res: () => Response | Promise<Response>) => server.use(http.get(`${BASE}/api/v3/orders/new`, res));

  it('reports 401 as an auth error with WB\'s detail, never the token', async () => {
    answerNew(() => HttpResponse.json(fixture('error-401.response.json'), { status: 401 }));
    const err = await adapter().pull(undefined, signal()).catch((e) => e);
    expect(err).toMatchObject({ code: 'auth', transient: false });
    expect(err.message).toContain('token problem');
    expect(err.message).not.toContain(TOKEN);
  });

  it('keeps WB\'s message on a 400', async () => {
    server.use(http.get(`${BASE}/api/v3/orders`, () => HttpResponse.json(fixture('error-400.response.json'), { status: 400 })));
    const err = await adapter().pull(JSON.stringify({ v: 1, from: NOW_S - DAY, to: NOW_S, phase: 'list', next: 0 }), signal()).catch((e) => e);
    expect(err).toMatchObject({ code: 'invalid_request', transient: false });
    expect(err.message).toContain('Передан некорректный параметр');
  });

  it('waits out a 429 using X-Ratelimit-Retry and then succeeds', async () => {
    let calls = 0;
    answerNew(() => (++calls === 1 ? HttpResponse.json(fixture('error-429.response.json'), { status: 429, headers: { 'x-ratelimit-retry': '0' } }) : HttpResponse.json({ orders: [] })));
    const res = await adapter().pull(undefined, signal());
    expect(calls).toBe(2);
    expect(res).toMatchObject({ orders: [], more: true });
  });

  it('ends the pull as rate_limited when the wait is too long or retries run out', async () => {
    answerNew(() => HttpResponse.json(fixture('error-429.response.json'), { status: 429, headers: { 'x-ratelimit-retry': '90' } }));
    await expect(adapter().pull(undefined, signal())).rejects.toMatchObject({ code: 'rate_limited', transient: true, retryAfterMs: 90_000 });
    let calls = 0;
    answerNew(() => (calls++, new HttpResponse('', { status: 429, headers: { 'retry-after': '0' } })));
    await expect(adapter({ rateLimitRetries: 1 }).pull(undefined, signal())).rejects.toMatchObject({ code: 'rate_limited' });
    expect(calls).toBe(2);
  });

  it('turns a slow WB into a timeout', async () => {
    answerNew(async () => {
      await delay(500);
      return HttpResponse.json({ orders: [] });
    });
    await expect(adapter({ timeoutMs: 100 }).pull(undefined, signal())).rejects.toMatchObject({ code: 'timeout', transient: true });
  });

  it('reports malformed answers as bad_response', async () => {
    answerNew(() => HttpResponse.text('<html>oops</html>'));
    await expect(adapter().pull(undefined, signal())).rejects.toMatchObject({ code: 'bad_response' });
    answerNew(() => HttpResponse.json({ data: [] }));
    await expect(adapter().pull(undefined, signal())).rejects.toMatchObject({ code: 'bad_response' });
    // a full page whose next does not move would loop for ever
    server.use(http.get(`${BASE}/api/v3/orders`, () => HttpResponse.json({ next: 0, orders: [order(1)] })));
    await expect(adapter({ pageSize: 1 }).pull(JSON.stringify({ v: 1, from: NOW_S - DAY, to: NOW_S, phase: 'list', next: 0 }), signal())).rejects.toMatchObject({
      code: 'bad_response',
    });
  });
});

describe('wildberries definition and connection test', () => {
  it('is an orders source with the token as a secret', () => {
    expect(wildberries).toMatchObject({ kind: 'orders', type: 'wildberries', secretFields: ['token'] });
    expect(wildberriesConfig.parse({ token: 't' })).toMatchObject({ baseUrl: 'https://marketplace-api.wildberries.ru', pageSize: 1000, warehouseMap: {} });
    expect(wildberriesConfig.safeParse({ token: 't', pageSize: 5000 }).success).toBe(false);
    expect(() => z.toJSONSchema(wildberriesConfig)).not.toThrow();
  });

  it('reports ok for a working token and the reason otherwise', async () => {
    server.use(http.get(`${BASE}/api/v3/orders`, () => HttpResponse.json({ next: 0, orders: [] })));
    expect(await adapter().test(signal())).toMatchObject({ ok: true });
    server.use(http.get(`${BASE}/api/v3/orders`, () => HttpResponse.json(fixture('error-401.response.json'), { status: 401 })));
    const res = await adapter().test(signal());
    expect(res.ok).toBe(false);
    expect(res.detail).toContain('token');
  });
});
