import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { EventDispatcher } from '../../src/core/events/dispatcher.js';
import { orderBody, useTestHub } from '../helpers/hub.js';
import { useMsw } from '../helpers/msw.js';

const server = useMsw();
const t = useTestHub();
const CLIENT_ID = 'svz-client-0123456789abcdef';
const config = { baseUrl: 'https://shop.retailcrm.test', apiKey: 'rcrm-key-0123456789abcdef', siteCode: 'shop-main', callbackBaseUrl: 'https://hub.example.ru/callbacks/rcrm', callbackSecret: CLIENT_ID };

describe('retailCRM wired to the hub', () => {
  it('creates each new hub order in retailCRM from the event log', async () => {
    const created: URLSearchParams[] = [];
    server.use(
      http.post('https://shop.retailcrm.test/api/v5/orders/create', async ({ request }) => {
        created.push(new URLSearchParams(await request.text()));
        return HttpResponse.json({ success: true, id: 501, order: { id: 501 } });
      }),
    );
    expect((await t.call('PUT', '/v1/admin/connectors/rcrm', { id: 'rcrm', type: 'retailcrm', config })).status).toBe(201);
    const d = new EventDispatcher(t.hub);
    await d.tick();
    const order = (await t.call('POST', '/v1/orders', orderBody('RC-1'))).body;
    await d.tick();
    expect(created).toHaveLength(1);
    expect(created[0]!.get('site')).toBe('shop-main');
    expect(JSON.parse(created[0]!.get('order')!)).toMatchObject({ externalId: order.id, items: [expect.objectContaining({ offer: { externalId: 'TSHIRT-BLK-M' } })] });
  });

  it("answers retailCRM's delivery calculate callback with the quote engine", async () => {
    const payload = readFileSync('fixtures/crm/retailcrm/callback-calculate.request.json', 'utf8');
    const form = new URLSearchParams({ clientId: CLIENT_ID, calculate: payload }).toString();
    const res = await t.call('POST', '/callbacks/rcrm/calculate', form, { key: null, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.result).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'own-courier:spb', cost: 450 })]));
    const wrong = await t.call('POST', '/callbacks/rcrm/calculate', new URLSearchParams({ clientId: 'nope', calculate: payload }).toString(), { key: null, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.success).toBe(false);
  });
});
