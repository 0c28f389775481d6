import { readFileSync } from 'node:fs';
import { http, HttpResponse, delay } from 'msw';
import { afterAll, describe, expect, it } from 'vitest';
import { createOzonAdapter, ozon } from '../../../../src/connectors/orders/ozon/index.js';
import { ozonConfig } from '../../../../src/connectors/orders/ozon/config.js';
import { z } from 'zod';
import { ConnectorError } from '../../../../src/core/errors.js';
import { connectorDeps } from '../../../helpers/connector-deps.js';
import { useMsw } from '../../../helpers/msw.js';
import { testRedis } from '../../../helpers/redis.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../../fixtures/orders/ozon/${name}`, import.meta.url), 'utf8'));
const BASE = 'https://ozon.test';
const NOW = '2026-11-23T09:00:00+03:00';
const server = useMsw();
const r = testRedis();
afterAll(() => r.cleanup());

interface Seen {
  headers: Headers;
  body: any;
}
let seen: Seen[] = [];

function adapter(extra: Record<string, unknown> = {}) {
  const config = ozonConfig.parse({ clientId: '123456', apiKey: 'SECRET-KEY', baseUrl: BASE, ...extra });
  const deps = connectorDeps(r.redis, r.keys, 'ozon-main', NOW);
  return { a: createOzonAdapter(config, deps), deps };
}
const signal = () => AbortSignal.timeout(5000);

/** A v4 page of postings cloned from the documented example, with the given posting numbers. */
function v4Page(numbers: string[], hasNext: boolean, cursor: string) {
  const base = fixture('posting-fbs-list.v4.response.json');
  return { cursor, has_next: hasNext, postings: numbers.map((n) => ({ ...base.postings[0], posting_number: n })) };
}

/** Serves pages keyed by the request cursor ('' for the first). */
function serveV4(pages: Record<string, unknown>) {
  server.use(
    http.post(`${BASE}/v4/posting/fbs/list`, async ({ request }) => {
      const body = (await request.json()) as any;
      seen.push({ headers: request.headers, body });
      const page = pages[body.cursor ?? ''];
      return page ? HttpResponse.json(page) : HttpResponse.json({ code: 3, message: `unknown cursor ${body.cursor}` }, { status: 400 });
    }),
  );
}

async function pullAll(a: ReturnType<typeof adapter>['a'], cursor?: string) {
  const ids: string[] = [];
  const cursors: string[] = [];
  for (let i = 0; i < 10; i++) {
    const res = await a.pull(cursor, signal());
    ids.push(...res.orders.map((o) => o.externalId));
    cursor = res.cursor;
    cursors.push(cursor);
    if (!res.more) break;
  }
  return { ids, cursors, cursor: cursor! };
}

describe('ozon pull (v4, default)', () => {
  it('sends the credentials and a status-change window, and pages until done', async () => {
    seen = [];
    serveV4({ '': v4Page(['A-1', 'A-2'], true, 'c1'), c1: v4Page(['A-3'], true, 'c2'), c2: v4Page(['A-4'], false, 'c3') });
    const { a } = adapter();
    const { ids, cursors, cursor } = await pullAll(a);
    expect(ids).toEqual(['A-1', 'A-2', 'A-3', 'A-4']);
    expect(seen.map((s) => s.body.cursor)).toEqual(['', 'c1', 'c2']);
    expect(cursors).toHaveLength(3);
    const first = seen[0]!;
    expect(first.headers.get('client-id')).toBe('123456');
    expect(first.headers.get('api-key')).toBe('SECRET-KEY');
    expect(first.body).toMatchObject({
      limit: 100,
      sort_dir: 'ASC',
      with: { analytics_data: true },
      filter: { to: '2026-11-23T06:00:00.000Z', last_changed_status_date: { from: '2026-11-16T06:00:00.000Z', to: '2026-11-23T06:00:00.000Z' } },
    });
    // the window end stays fixed while paging
    expect(new Set(seen.map((s) => s.body.filter.last_changed_status_date.to)).size).toBe(1);
    // the next window starts at the previous end minus the overlap, with no page position
    expect(JSON.parse(cursor)).toEqual({ v: 1, api: 'v4', from: '2026-11-23T05:55:00.000Z' });
  });

  it('gives the same postings for the same window twice (deterministic)', async () => {
    serveV4({ '': v4Page(['B-1'], true, 'c1'), c1: v4Page(['B-2'], false, 'c2') });
    const { a } = adapter();
    const one = await pullAll(a);
    const two = await pullAll(a);
    expect(two.ids).toEqual(one.ids);
    expect(two.cursors).toEqual(one.cursors);
  });

  it('resumes from a stored cursor and reads a backlog window by window', async () => {
    seen = [];
    serveV4({ '': v4Page(['C-1'], false, 'x') });
    const { a } = adapter();
    const old = JSON.stringify({ v: 1, api: 'v4', from: '2026-09-01T00:00:00.000Z' });
    const res = await a.pull(old, signal());
    expect(seen[0]!.body.filter.last_changed_status_date).toEqual({ from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' });
    expect(res.more).toBe(true);
    expect(JSON.parse(res.cursor).from).toBe('2026-09-30T23:55:00.000Z');
  });

  it('refuses a cursor it did not write', async () => {
    const { a } = adapter();
    await expect(a.pull('{"offset":5}', signal())).rejects.toMatchObject({ code: 'invalid_request', transient: false });
  });

  it('drops a v3 offset when the connector was switched to v4 mid-window', async () => {
    seen = [];
    serveV4({ '': v4Page(['D-1'], false, 'x') });
    const { a } = adapter();
    await a.pull(JSON.stringify({ v: 1, api: 'v3', from: '2026-11-22T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z', page: 200 }), signal());
    expect(seen[0]!.body.cursor).toBe('');
    expect(seen[0]!.body.filter.to).toBe('2026-11-23T00:00:00.000Z');
  });
});

describe('ozon pull (v3, deprecated)', () => {
  it('pages by offset and parses the real v3 sample', async () => {
    seen = [];
    const sample = fixture('posting-fbs-list.v3.response.json');
    const last = { result: { postings: [{ ...sample.result.postings[0], posting_number: '05708065-0030-1' }], has_next: false } };
    server.use(
      http.post(`${BASE}/v3/posting/fbs/list`, async ({ request }) => {
        const body = (await request.json()) as any;
        seen.push({ headers: request.headers, body });
        return HttpResponse.json(body.offset === 0 ? sample : last);
      }),
    );
    const { a } = adapter({ apiVersion: 'v3', pageSize: 1 });
    const { ids, cursor } = await pullAll(a);
    expect(ids).toEqual(['05708065-0029-1', '05708065-0030-1']);
    expect(seen.map((s) => s.body.offset)).toEqual([0, 1]);
    expect(seen[0]!.body).toMatchObject({ dir: 'asc', limit: 1, filter: { since: '2025-11-24T06:00:00.000Z', to: '2026-11-23T06:00:00.000Z' } });
    expect(JSON.parse(cursor).api).toBe('v3');
  });
});

describe('ozon pull errors', () => {
  const answer = (res: () => Response | Promise<Response>) => server.use(http.post(`${BASE}/v4/posting/fbs/list`, res));

  it('reports 401 and 403 as auth errors without the key', async () => {
    for (const status of [401, 403]) {
      answer(() => HttpResponse.json({ code: 7, message: 'Invalid Api-Key, please contact support' }, { status }));
      const err = await adapter().a.pull(undefined, signal()).catch((e) => e);
      expect(err).toBeInstanceOf(ConnectorError);
      expect(err).toMatchObject({ code: 'auth', transient: false });
      expect(err.message).not.toContain('SECRET-KEY');
    }
  });

  it('keeps Ozon\'s own message on a 400', async () => {
    answer(() => HttpResponse.json({ code: 3, message: 'filter.since: invalid date', details: [] }, { status: 400 }));
    await expect(adapter().a.pull(undefined, signal())).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('filter.since: invalid date') });
  });

  it('waits out a 429 (Retry-After) and then succeeds', async () => {
    let calls = 0;
    answer(() => (++calls === 1 ? new HttpResponse('{"code":8,"message":"You have reached request rate limit per second"}', { status: 429, headers: { 'retry-after': '0' } }) : HttpResponse.json(v4Page(['E-1'], false, 'x'))));
    const res = await adapter().a.pull(undefined, signal());
    expect(calls).toBe(2);
    expect(res.orders.map((o) => o.externalId)).toEqual(['E-1']);
  });

  it('gives up after the configured number of 429 retries', async () => {
    let calls = 0;
    answer(() => (calls++, new HttpResponse('slow down', { status: 429, headers: { 'retry-after': '0' } })));
    const err = await adapter({ rateLimitRetries: 2 }).a.pull(undefined, signal()).catch((e) => e);
    expect(calls).toBe(3);
    expect(err).toMatchObject({ code: 'rate_limited', transient: true });
  });

  it('does not sleep through a Retry-After longer than allowed', async () => {
    let calls = 0;
    answer(() => (calls++, new HttpResponse('', { status: 429, headers: { 'retry-after': '120' } })));
    const err = await adapter().a.pull(undefined, signal()).catch((e) => e);
    expect(calls).toBe(1);
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterMs: 120_000 });
  });

  it('turns a slow Ozon into a timeout', async () => {
    answer(async () => {
      await delay(500);
      return HttpResponse.json(v4Page([], false, ''));
    });
    await expect(adapter({ timeoutMs: 100 }).a.pull(undefined, signal())).rejects.toMatchObject({ code: 'timeout', transient: true });
  });

  it('reports malformed answers as bad_response', async () => {
    answer(() => HttpResponse.text('<html>502 Bad Gateway</html>'));
    await expect(adapter().a.pull(undefined, signal())).rejects.toMatchObject({ code: 'bad_response' });
    answer(() => HttpResponse.json({ items: [] }));
    await expect(adapter().a.pull(undefined, signal())).rejects.toMatchObject({ code: 'bad_response' });
    answer(() => HttpResponse.json({ postings: [], has_next: true }));
    await expect(adapter().a.pull(undefined, signal())).rejects.toMatchObject({ code: 'bad_response', message: expect.stringContaining('without a cursor') });
  });
});

describe('ozon definition', () => {
  it('is an orders source with the Api-Key as a secret and a JSON-Schema-able config', () => {
    expect(ozon).toMatchObject({ kind: 'orders', type: 'ozon', secretFields: ['apiKey'] });
    const a = ozon.create(ozonConfig.parse({ clientId: '1', apiKey: 'k' }), connectorDeps(r.redis, r.keys));
    expect(typeof a.pull).toBe('function');
    expect(typeof a.test).toBe('function');
    expect(ozonConfig.parse({ clientId: '1', apiKey: 'k' })).toMatchObject({ baseUrl: 'https://api-seller.ozon.ru', apiVersion: 'v4' });
    expect(ozonConfig.safeParse({ clientId: '1', apiKey: 'k', apiVersion: 'v5' }).success).toBe(false);
    expect(() => z.toJSONSchema(ozonConfig)).not.toThrow();
  });
});

describe('ozon connection test', () => {
  it('reports ok for working credentials and the reason otherwise', async () => {
    server.use(http.post(`${BASE}/v4/posting/fbs/list`, () => HttpResponse.json(v4Page(['F-1'], false, ''))));
    expect(await adapter().a.test(signal())).toMatchObject({ ok: true });
    server.use(http.post(`${BASE}/v4/posting/fbs/list`, () => HttpResponse.json({ code: 7, message: 'Api-key is deactivated' }, { status: 401 })));
    const res = await adapter().a.test(signal());
    expect(res.ok).toBe(false);
    expect(res.detail).toContain('Api-key is deactivated');
  });
});
