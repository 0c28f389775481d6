import { describe, expect, it } from 'vitest';
import { useTestHub } from '../helpers/hub.js';

const t = useTestHub({ app: { bodyLimitBytes: 10_000 } });

describe('HTTP conventions', () => {
  it('answers unknown paths with 404 and wrong methods with 405, as problems', async () => {
    const nf = await t.call('GET', '/v1/nothing-here');
    expect(nf.status).toBe(404);
    expect(nf.headers.get('content-type')).toContain('application/problem+json');
    const na = await t.call('PATCH', '/v1/orders');
    expect(na.status).toBe(405);
    expect(na.headers.get('allow')).toContain('POST');
  });

  it('refuses a body above the limit with 413 and stores nothing', async () => {
    const huge = { items: Array.from({ length: 2000 }, (_, i) => ({ sku: `S-${i}`, qty: 1 })) };
    const res = await t.call('PUT', '/v1/stock/main', huge);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('body_too_large');
    expect((await t.call('GET', '/v1/stock?sku=S-1')).status).toBe(404);
  });

  it('puts a request id in every response and its log line', async () => {
    const res = await t.call('GET', '/v1/orders');
    const id = res.headers.get('x-request-id');
    expect(id).toBeTruthy();
    expect(t.logs.some((l) => l.includes(id!))).toBe(true);
    const err = await t.call('GET', '/v1/orders/none');
    expect(err.body.requestId).toBe(err.headers.get('x-request-id'));
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await t.call('GET', '/healthz', undefined, { key: null })).body).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/readyz', undefined, { key: null })).body).toEqual({ status: 'ready' });
    const metrics = await t.call('GET', '/metrics', undefined, { key: null });
    expect(metrics.text).toContain('svyazka_http_request_duration_seconds');
    const doc = await t.call('GET', '/openapi.json', undefined, { key: null });
    expect(doc.body.openapi).toBe('3.1.0');
    for (const p of ['/v1/orders', '/v1/quotes', '/v1/stock/{warehouseId}', '/v1/admin/connectors/{id}/test']) expect(doc.body.paths[p], p).toBeDefined();
    expect(doc.body.components.schemas.Order).toBeDefined();
    expect((await t.call('GET', '/docs', undefined, { key: null })).text).toContain('swagger');
  });

  it('hides internals of an unexpected failure behind a 500 problem', async () => {
    const original = t.hub.orders.get.bind(t.hub.orders);
    t.hub.orders.get = async () => { throw new Error('database exploded at /srv/secret/path'); };
    try {
      const res = await t.call('GET', '/v1/orders/x');
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('internal');
      expect(res.text).not.toContain('exploded');
    } finally {
      t.hub.orders.get = original;
    }
  });
});

describe('queue board', () => {
  it('serves bull-board to admins only, with HTTP Basic for browsers', async () => {
    const anon = await t.call('GET', '/admin/queues', undefined, { key: null });
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toContain('Basic');
    const basic = 'Basic ' + Buffer.from(`admin:${'test-admin-key-0123456789abcdef'}`).toString('base64');
    const page = await t.call('GET', '/admin/queues', undefined, { key: null, headers: { authorization: basic } });
    expect(page.status).toBe(200);
    expect(page.text.toLowerCase()).toContain('<html');
    const api = await t.call('GET', '/admin/queues/api/queues');
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: any) => q.name)).toEqual(expect.arrayContaining(['booking', 'tracking']));
  });

  it('exposes queue depths in /metrics', async () => {
    const metrics = await t.call('GET', '/metrics', undefined, { key: null });
    expect(metrics.text).toMatch(/svyazka_queue_jobs\{queue="booking",state="waiting"\} \d+/);
  });
});
