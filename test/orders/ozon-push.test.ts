import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { syncPullSchedules } from '../../src/core/orders/pull-job.js';
import { startWorkers } from '../../src/workers.js';
import { useTestHub } from '../helpers/hub.js';
import { useMsw } from '../helpers/msw.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/orders/ozon/${name}`, import.meta.url), 'utf8');
const posting = JSON.parse(fixture('posting-fbs-list.v4.response.json')).postings[0];

const t = useTestHub();
const server = useMsw();
/** What Ozon holds right now; a push makes the hub read it. */
let postings: object[] = [];

const ozonConfig = (extra: Record<string, unknown> = {}) => ({ clientId: '1', apiKey: 'ozon-secret-key', baseUrl: 'https://ozon.test', ...extra });
const schedulers = async () => (await t.hub.queues.get('order-pulls').getJobSchedulers(0, -1)).filter((s) => s.key.startsWith('pull:'));

beforeAll(async () => {
  expect((await t.call('PUT', '/v1/admin/connectors/ozon', { id: 'ozon', type: 'ozon', config: ozonConfig() })).status).toBe(201);
});

describe('Ozon push at /ozon/:connectorId/push', () => {
  it('answers TYPE_PING the way Ozon expects', async () => {
    const res = await t.call('POST', '/ozon/ozon/push', fixture('push-ping.request.json'), { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ version: expect.any(String), name: expect.any(String), time: t.clock.now().toISOString() });
  });

  it('refuses a push naming another seller, and answers a body without message_type with Ozon’s error shape', async () => {
    const other = await t.call('POST', '/ozon/ozon/push', { message_type: 'TYPE_NEW_POSTING', posting_number: 'X-1', seller_id: 999 }, { key: null });
    expect(other.status).toBe(403);
    const bad = await t.call('POST', '/ozon/ozon/push', { posting_number: 'X-1' }, { key: null });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { code: 'ERROR_PARAMETER_VALUE_MISSED', message: expect.any(String), details: null } });
  });

  it('pulls at once on TYPE_NEW_POSTING: the worker takes the new posting in', async () => {
    server.use(http.post('https://ozon.test/v4/posting/fbs/list', () => HttpResponse.json({ cursor: 'c', has_next: false, postings })));
    const workers = await startWorkers(t.hub, { lockDurationMs: 2000 });
    t.stopWorkers = () => workers.close();
    postings = [{ ...posting, posting_number: '24319409-0021-1' }];
    const res = await t.call('POST', '/ozon/ozon/push', fixture('push-new-posting.request.json'), { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: true });
    await vi.waitFor(async () => expect(await t.hub.orders.findByExternal('ozon', '24319409-0021-1')).toMatchObject({ status: 'new' }), { timeout: 10_000, interval: 50 });
    // A cancellation pushed later is followed by the next pull.
    postings = [{ ...posting, posting_number: '24319409-0021-1', status: 'cancelled' }];
    await t.call('POST', '/ozon/ozon/push', fixture('push-state-changed.request.json').replace(/"seller_id":\s*\d+/, '"seller_id": 1'), { key: null });
    await vi.waitFor(async () => expect((await t.hub.orders.findByExternal('ozon', '24319409-0021-1'))?.status).toBe('cancelled'), { timeout: 10_000, interval: 50 });
    await workers.close();
    t.stopWorkers = undefined;
  });
});

describe('pull schedules', () => {
  it('keeps one scheduler per enabled pulling connector, at its interval, in step with admin changes', async () => {
    expect((await schedulers()).map((s) => [s.key, s.every])).toEqual([['pull:ozon', 300_000]]);
    await t.call('PUT', '/v1/admin/connectors/wb', { id: 'wb', type: 'wildberries', config: { token: 'wb-token', baseUrl: 'https://wb.test', pullIntervalSeconds: 120 } });
    await t.call('PUT', '/v1/admin/connectors/cpa', { id: 'cpa', type: 'cpa-postback', config: { auth: { mode: 'none' }, fieldMap: { 'delivery.address.city': { const: 'x' }, 'line.sku': { const: 'S' } } } });
    expect((await schedulers()).map((s) => [s.key, s.every]).sort()).toEqual([['pull:ozon', 300_000], ['pull:wb', 120_000]]);

    await t.call('PUT', '/v1/admin/connectors/wb', { id: 'wb', type: 'wildberries', config: { token: '***', baseUrl: 'https://wb.test', pullIntervalSeconds: 60 } });
    expect((await schedulers()).find((s) => s.key === 'pull:wb')?.every).toBe(60_000);

    await t.call('PUT', '/v1/admin/connectors/ozon', { id: 'ozon', type: 'ozon', enabled: false, config: { ...ozonConfig(), apiKey: '***' } });
    expect((await t.call('DELETE', '/v1/admin/connectors/wb')).status).toBe(204);
    expect(await schedulers()).toEqual([]);

    // A change made behind the API's back (another process) is caught by the reconcile.
    await t.hub.connectors.put({ id: 'ozon', type: 'ozon', enabled: true, config: { ...ozonConfig(), apiKey: '***' } }, t.clock.now());
    expect(await syncPullSchedules(t.hub)).toBe(1);
    expect((await schedulers()).map((s) => s.key)).toEqual(['pull:ozon']);
  });
});
