import { describe, expect, it } from 'vitest';
import { useTestHub } from '../helpers/hub.js';
import { defineCourier } from '../../src/core/connectors/contract.js';
import { z } from 'zod';

const SECRET = 'sk-live-VERY-SECRET-0123456789';

/** A courier type with a secret, to prove secrets never leave the hub in plain text. */
const secretive = defineCourier({
  type: 'secretive',
  title: 'Test courier with a secret',
  configSchema: z.object({ apiKey: z.string().min(10), region: z.string().default('RU') }),
  secretFields: ['apiKey'],
  create(config, deps) {
    return {
      async quote() {
        deps.logger.info({ config }, 'quoting with config');
        return { rates: [] };
      },
      async test() {
        return { ok: config.apiKey === SECRET, detail: config.apiKey === SECRET ? 'credentials accepted' : 'wrong key' };
      },
    };
  },
});

const t = useTestHub({ definitions: [secretive] });

describe('admin: connectors', () => {
  it('lists connector types with their config as JSON Schema', async () => {
    const res = await t.call('GET', '/v1/admin/connector-types');
    expect(res.status).toBe(200);
    const tr = res.body.find((x: any) => x.type === 'table-rate');
    expect(tr).toMatchObject({ kind: 'courier', title: expect.any(String) });
    expect(tr.configSchema.properties.zones.type).toBe('array');
  });

  it('keeps a secret encrypted at rest, masked on read and out of logs', async () => {
    const created = await t.call('POST', '/v1/admin/connectors', { id: 'sec', type: 'secretive', config: { apiKey: SECRET } });
    expect(created.status).toBe(201);
    expect(created.body.config.apiKey).toBe('***');
    expect((await t.call('GET', '/v1/admin/connectors/sec')).body.config).toEqual({ apiKey: '***', region: 'RU' });
    expect((await t.call('POST', '/v1/admin/connectors/sec/test')).body).toEqual({ ok: true, detail: 'credentials accepted' });
    // The adapter logs its whole config: redaction must still hide it.
    await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Москва' }, parcels: [{ weight: 100, length: 1, width: 1, height: 1 }], connectorIds: ['sec'] });
    expect(t.logs.join('')).not.toContain(SECRET);
    for (const path of ['/v1/admin/connectors', '/v1/admin/connectors/sec']) expect((await t.call('GET', path)).text).not.toContain(SECRET);
    const keys = await t.hub.redis.keys(`${t.prefix}:*`);
    for (const k of keys) {
      const type = await t.hub.redis.type(k);
      const dump = type === 'hash' ? JSON.stringify(await t.hub.redis.hgetall(k)) : type === 'string' ? await t.hub.redis.get(k) : '';
      expect(dump ?? '', k).not.toContain(SECRET);
    }
  });

  it('keeps a secret sent back as "***" and changes it when a new one is sent', async () => {
    const put = await t.call('PUT', '/v1/admin/connectors/sec', { id: 'sec', type: 'secretive', config: { apiKey: '***', region: 'KZ' } });
    expect(put.status).toBe(200);
    expect((await t.call('POST', '/v1/admin/connectors/sec/test')).body.ok).toBe(true);
    await t.call('PUT', '/v1/admin/connectors/sec', { id: 'sec', type: 'secretive', config: { apiKey: 'another-key-123' } });
    expect((await t.call('POST', '/v1/admin/connectors/sec/test')).body).toEqual({ ok: false, detail: 'wrong key' });
  });

  it('refuses an invalid config with 400 naming each bad field', async () => {
    const res = await t.call('POST', '/v1/admin/connectors', { id: 'bad', type: 'table-rate', config: { zones: [{ id: 'z', name: 'Z', match: {}, rates: [], days: { min: 3, max: 1 } }] } });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: any) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['config.zones.0.rates', 'config.zones.0.days']));
    expect((await t.call('GET', '/v1/admin/connectors/bad')).status).toBe(404);
    const unknownType = await t.call('POST', '/v1/admin/connectors', { id: 'bad', type: 'pigeon-post', config: {} });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.errors[0].path).toBe('type');
  });

  it('applies a config change to the next quote without a restart', async () => {
    const quote = () => t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Москва' }, parcels: [{ weight: 1000, length: 10, width: 10, height: 10 }], connectorIds: ['own-courier'] });
    expect((await quote()).body.options[0].price.amount).toBe(35000);
    const current = (await t.call('GET', '/v1/admin/connectors/own-courier')).body;
    current.config.zones[0].rates[0].price = 39900;
    expect((await t.call('PUT', '/v1/admin/connectors/own-courier', { id: 'own-courier', type: 'table-rate', config: current.config })).status).toBe(200);
    expect((await quote()).body.options[0].price.amount).toBe(39900);
    await t.call('PUT', '/v1/admin/connectors/own-courier', { id: 'own-courier', type: 'table-rate', enabled: false, config: current.config });
    expect((await quote()).body.errors[0]).toMatchObject({ connectorId: 'own-courier', code: 'not_found' });
  });

  it('deletes a connector, and 409s a duplicate create', async () => {
    await t.call('POST', '/v1/admin/connectors', { id: 'tmp', type: 'site-webhook', config: {} });
    expect((await t.call('POST', '/v1/admin/connectors', { id: 'tmp', type: 'site-webhook', config: {} })).status).toBe(409);
    expect((await t.call('DELETE', '/v1/admin/connectors/tmp')).status).toBe(204);
    expect((await t.call('DELETE', '/v1/admin/connectors/tmp')).status).toBe(404);
  });
});

describe('auth and API keys', () => {
  it('401 without a key or with a wrong one, 403 without the scope, as problems', async () => {
    expect((await t.call('GET', '/v1/orders', undefined, { key: null })).body.code).toBe('unauthenticated');
    const wrong = await t.call('GET', '/v1/orders', undefined, { key: 'svz_nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    const issued = await t.call('POST', '/v1/admin/api-keys', { name: 'crm', scopes: ['quotes'] });
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(/^svz_/);
    const forbidden = await t.call('GET', '/v1/orders', undefined, { key: issued.body.key });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('missing_scope');
    expect((await t.call('GET', '/v1/admin/api-keys', undefined, { key: issued.body.key })).status).toBe(403);
    const list = await t.call('GET', '/v1/admin/api-keys');
    expect(list.text).not.toContain(issued.body.key);
    expect((await t.call('DELETE', `/v1/admin/api-keys/${issued.body.id}`)).status).toBe(204);
    expect((await t.call('POST', '/v1/quotes', {}, { key: issued.body.key })).status).toBe(401);
  });

  it('lets a site post orders with its source token instead of an API key', async () => {
    await t.call('PUT', '/v1/admin/connectors/landing', { id: 'landing', type: 'site-webhook', config: { token: 'landing-token-0123456789' } });
    const body = { source: 'landing', externalId: 'L-1', currency: 'RUB', customer: { name: 'A', phone: '+79000000000' }, delivery: { address: { country: 'RU', city: 'Москва' } }, lines: [{ sku: 'MUG-CLASSIC', name: 'Mug', qty: 1, price: 59000 }], payment: { method: 'cod' } };
    expect((await t.call('POST', '/v1/orders', body, { key: null, headers: { 'x-source-token': 'landing-token-0123456789' } })).status).toBe(201);
    expect((await t.call('POST', '/v1/orders', { ...body, externalId: 'L-2' }, { key: null, headers: { 'x-source-token': 'wrong-token-0123456789xx' } })).status).toBe(401);
    expect((await t.call('POST', '/v1/orders', { ...body, source: 'site', externalId: 'L-3' }, { key: null, headers: { 'x-source-token': 'landing-token-0123456789' } })).status).toBe(401);
  });
});

