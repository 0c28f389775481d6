import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { orderBody, useTestHub } from '../helpers/hub.js';

const TOKEN = 'cpa-shared-token-12345';
const lead = readFileSync(new URL('../../fixtures/orders/cpa-postback/cpa-tl-lead.request.form', import.meta.url), 'utf8');
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const t = useTestHub();
let ordersKey: string;
let quotesKey: string;

function cpaConfig(offers: Record<string, string>) {
  return {
    auth: { mode: 'token', token: TOKEN, tokenParam: 'token', tokenIn: 'any' },
    fieldMap: {
      externalId: 'id',
      'customer.name': 'name',
      'customer.phone': 'phone',
      'delivery.address.city': { const: 'не указан' },
      'delivery.address.line': 'address',
      'line.sku': { path: 'offer_id', map: offers },
      'line.price': { const: 1490 },
    },
  };
}
const putCpa = (offers: Record<string, string>) => t.call('PUT', '/v1/admin/connectors/cpa', { id: 'cpa', type: 'cpa-postback', enabled: true, config: cpaConfig(offers) });
const leadWith = (id: string, offer = '13571') => lead.replace('id=1700000000123', `id=${id}`).replace('offer_id=13571', `offer_id=${offer}`);
const post = (body: string, token = TOKEN) => t.call('POST', `/v1/inbound/cpa?token=${token}`, body, { key: null, headers: FORM });

beforeAll(async () => {
  expect((await putCpa({ '13571': 'MUG-CLASSIC' })).status).toBe(201);
  ordersKey = (await t.hub.apiKeys.create('site', ['orders'], t.clock.now())).key;
  quotesKey = (await t.hub.apiKeys.create('quotes only', ['quotes'], t.clock.now())).key;
});

const received = async (externalId: string) => (await t.hub.events.read(undefined, 100_000)).events.filter((e) => e.type === 'order.received' && e.data.externalId === externalId);
const deadLetters = async (connectorId: string) => (await t.call('GET', `/v1/admin/dead-letters?connectorId=${connectorId}`)).body.items as any[];

describe('CPA leads at /v1/inbound/:connectorId', () => {
  it('makes one order of a lead posted twice, with the phone in E.164 and the offer mapped to the SKU', async () => {
    const first = await post(leadWith('L-1'));
    expect(first.status).toBe(201);
    expect(first.body.orders).toEqual([{ id: expect.stringMatching(/^ord_/), externalId: 'L-1', status: 'new', created: true }]);
    const again = await post(leadWith('L-1'));
    expect(again.status).toBe(200);
    expect(again.body.orders[0]).toMatchObject({ id: first.body.orders[0].id, created: false });
    const order = await t.hub.orders.get(first.body.orders[0].id);
    expect(order).toMatchObject({ source: 'cpa', customer: { name: 'Иван Петров', phone: '+79161234567' }, lines: [{ sku: 'MUG-CLASSIC', qty: 1, price: 149000 }], payment: { method: 'cod' } });
    expect(order.lines[0]!.unknownSku).toBeUndefined();
    expect(await received('L-1')).toHaveLength(1);
  });

  it('refuses a lead with a bad token and stores it nowhere', async () => {
    const res = await post(leadWith('L-BAD'), 'not-the-token-000000');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_signature');
    expect(await t.hub.orders.findByExternal('cpa', 'L-BAD')).toBeUndefined();
    expect(await deadLetters('cpa')).toEqual([]);
    expect(await received('L-BAD')).toEqual([]);
    expect(t.logs.join('\n')).not.toContain('not-the-token-000000');
    expect(t.logs.join('\n')).not.toContain(TOKEN);
  });

  it('keeps an unmappable lead as a dead letter without its secrets, and replays it once the config is fixed', async () => {
    const res = await post(leadWith('L-2', '99999'));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('unmappable_payload');
    expect(res.body.detail).toContain('offer_id');
    const [dl] = await deadLetters('cpa');
    expect(dl).toMatchObject({ id: res.body.deadLetterId, origin: 'push', connectorId: 'cpa', attempts: 0 });
    expect(dl.request.query).toEqual({});
    expect(dl.request.body).toContain('offer_id=99999');
    expect(dl.request.body).not.toContain('REDACTED-webmaster-key');
    expect(JSON.stringify(dl)).not.toContain(TOKEN);
    expect(await t.hub.orders.findByExternal('cpa', 'L-2')).toBeUndefined();

    const early = await t.call('POST', `/v1/admin/dead-letters/${dl.id}/replay`);
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('replay_failed');
    expect((await t.call('GET', `/v1/admin/dead-letters/${dl.id}`)).body.attempts).toBe(1);

    expect((await putCpa({ '13571': 'MUG-CLASSIC', '99999': 'HOODIE-GRY-L' })).status).toBe(200);
    const replay = await t.call('POST', `/v1/admin/dead-letters/${dl.id}/replay`);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ deadLetterId: dl.id, created: 1 });
    const order = await t.hub.orders.findByExternal('cpa', 'L-2');
    expect(order?.lines[0]?.sku).toBe('HOODIE-GRY-L');
    expect((await t.call('GET', `/v1/admin/dead-letters/${dl.id}`)).status).toBe(404);
    expect(await received('L-2')).toHaveLength(1);
  });

  it('lets an admin drop a dead letter', async () => {
    const res = await post(leadWith('L-3', '88888'));
    const id = res.body.deadLetterId;
    expect((await t.call('DELETE', `/v1/admin/dead-letters/${id}`)).status).toBe(204);
    expect((await t.call('DELETE', `/v1/admin/dead-letters/${id}`)).status).toBe(404);
    expect((await t.call('GET', '/v1/admin/dead-letters', undefined, { key: ordersKey })).status).toBe(403);
  });

  it('pages dead letters with a cursor', async () => {
    for (const id of ['P-1', 'P-2', 'P-3']) expect((await post(leadWith(id, '77777'))).status).toBe(422);
    const first = await t.call('GET', '/v1/admin/dead-letters?connectorId=cpa&limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await t.call('GET', `/v1/admin/dead-letters?connectorId=cpa&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect(new Set([...first.body.items, ...second.body.items].map((d: any) => d.id)).size).toBe(3);
  });
});

describe('site orders at /v1/inbound/:connectorId', () => {
  it('takes canonical orders with an orders API key and flags SKUs the hub does not know', async () => {
    const body = { ...orderBody('S-1', [{ sku: 'TSHIRT-BLK-M', qty: 1 }, { sku: 'NOT-IN-CATALOG', qty: 1 }]) } as Record<string, unknown>;
    delete body.source;
    const res = await t.call('POST', '/v1/inbound/site', body, { key: ordersKey });
    expect(res.status).toBe(201);
    const order = await t.hub.orders.get(res.body.orders[0].id);
    expect(order.lines.map((l) => [l.sku, l.unknownSku ?? false])).toEqual([['TSHIRT-BLK-M', false], ['NOT-IN-CATALOG', true]]);
  });

  it('refuses without a key, with a key lacking the orders scope, and for another source', async () => {
    expect((await t.call('POST', '/v1/inbound/site', orderBody('S-2'), { key: null })).status).toBe(401);
    expect((await t.call('POST', '/v1/inbound/site', orderBody('S-2'), { key: quotesKey })).status).toBe(403);
    const other = await t.call('POST', '/v1/inbound/site', { ...orderBody('S-2'), source: 'cpa' }, { key: ordersKey });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('source_mismatch');
    expect((await t.call('POST', '/v1/inbound/nope', orderBody('S-2'), { key: ordersKey })).status).toBe(404);
  });

  it('documents the push endpoints in /openapi.json', async () => {
    const doc = await t.call('GET', '/openapi.json', undefined, { key: null });
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/inbound/{connectorId}', '/yandex-market/{connectorId}/notification', '/ozon/{connectorId}/push', '/v1/admin/dead-letters', '/v1/admin/connectors/{id}/sync']));
  });

  it('flags unknown SKUs on orders posted to /v1/orders too', async () => {
    const res = await t.call('POST', '/v1/orders', orderBody('S-3', [{ sku: 'GHOST-SKU', qty: 1 }]), { key: ordersKey });
    expect(res.status).toBe(201);
    expect(res.body.lines[0]).toMatchObject({ sku: 'GHOST-SKU', unknownSku: true });
    // The answer to a new order is the order as stored.
    expect((await t.call('GET', `/v1/orders/${res.body.id}`, undefined, { key: ordersKey })).body).toEqual(res.body);
  });
});
