import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createYandexMarketAdapter } from '../../../../src/connectors/orders/yandex-market/index.js';
import { useMsw } from '../../../helpers/msw.js';
import { BASE, CAMPAIGN, config, deps, fixtureJson } from './helpers.js';

const server = useMsw();
const ORDERS_URL = `${BASE}/v2/campaigns/${CAMPAIGN}/orders`;
const signal = new AbortController().signal;
// deps() clock: 2026-11-23T09:00:00+03:00 = 06:00Z
const NOW = '2026-11-23T06:00:00.000Z';

function pages(seen: Record<string, string>[]) {
  const sample = fixtureJson('get-orders.response.json');
  return http.get(ORDERS_URL, ({ request }) => {
    const q = Object.fromEntries(new URL(request.url).searchParams);
    seen.push(q);
    if (!q.page_token) return HttpResponse.json({ orders: sample.orders, paging: { nextPageToken: 'tok-2' } });
    if (q.page_token === 'tok-2') return HttpResponse.json({ orders: [{ ...sample.orders[0], id: 12347 }], paging: {} });
    return HttpResponse.json({ status: 'ERROR', errors: [{ code: 'BAD_REQUEST', message: 'bad page token' }] }, { status: 400 });
  });
}

describe('yandex-market pull', () => {
  it('reads every page of the window with page tokens and moves the cursor to now', async () => {
    const seen: Record<string, string>[] = [];
    server.use(pages(seen));
    const res = await createYandexMarketAdapter(config(), deps()).pull!(undefined, signal);
    expect(res.orders.map((o) => o.externalId)).toEqual(['12345', '12346', '12347']);
    expect(seen).toEqual([
      { updatedAtFrom: '2026-11-16T06:00:00.000Z', updatedAtTo: NOW, limit: '50' },
      { updatedAtFrom: '2026-11-16T06:00:00.000Z', updatedAtTo: NOW, limit: '50', page_token: 'tok-2' },
    ]);
    expect(JSON.parse(res.cursor)).toEqual({ from: '2026-11-23T05:55:00.000Z' });
    expect(res.more).toBe(false);
  });

  it('stops after pagesPerPull and resumes from the page token in the cursor', async () => {
    const seen: Record<string, string>[] = [];
    server.use(pages(seen));
    const ym = createYandexMarketAdapter(config({ pagesPerPull: 1 }), deps());
    const first = await ym.pull!(undefined, signal);
    expect(first.orders).toHaveLength(2);
    expect(first.more).toBe(true);
    expect(JSON.parse(first.cursor)).toEqual({ from: '2026-11-16T06:00:00.000Z', to: NOW, pageToken: 'tok-2' });
    const second = await ym.pull!(first.cursor, signal);
    expect(second.orders.map((o) => o.externalId)).toEqual(['12347']);
    expect(seen[1]).toMatchObject({ page_token: 'tok-2', updatedAtTo: NOW });
    expect(second.more).toBe(false);
  });

  it('never asks for more than 30 days at once and says more is waiting', async () => {
    const seen: Record<string, string>[] = [];
    server.use(http.get(ORDERS_URL, ({ request }) => { seen.push(Object.fromEntries(new URL(request.url).searchParams)); return HttpResponse.json({ orders: [] }); }));
    const res = await createYandexMarketAdapter(config({ includeFake: true }), deps()).pull!(JSON.stringify({ from: '2026-09-01T00:00:00.000Z' }), signal);
    expect(seen).toEqual([{ updatedAtFrom: '2026-09-01T00:00:00.000Z', updatedAtTo: '2026-10-01T00:00:00.000Z', limit: '50', fake: 'true' }]);
    expect(JSON.parse(res.cursor)).toEqual({ from: '2026-09-30T23:55:00.000Z' });
    expect(res.more).toBe(true);
  });

  it('keeps the cursor when a page fails, so nothing is skipped', async () => {
    server.use(http.get(ORDERS_URL, () => new HttpResponse('down', { status: 500 })));
    const cursor = JSON.stringify({ from: '2026-11-20T00:00:00.000Z' });
    const e = await createYandexMarketAdapter(config(), deps()).pull!(cursor, signal).catch((x) => x);
    expect(e).toMatchObject({ code: 'provider_error', transient: true });
  });

  it('refuses an unreadable cursor with a config error', async () => {
    const e = await createYandexMarketAdapter(config(), deps()).pull!('garbage', signal).catch((x) => x);
    expect(e).toMatchObject({ code: 'config' });
  });
});
