import { beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/core/errors.js';
import { useTestHub } from '../../helpers/hub.js';
import { addCouriers, calls, parcels, rate, scripted, scripts, sleep } from './scripted.js';

const t = useTestHub({ definitions: [scripted], hub: { quotes: { cache: { ttlMs: 60_000, errorTtlMs: 250 }, breaker: { failures: 100 }, replay: { maxMs: 400 } } } });

beforeAll(async () => {
  await addCouriers(t, ['steady', 'failing', 'fresh']);
  scripts.set('steady', async () => ({ rates: [rate(35000)] }));
  scripts.set('failing', async () => { throw new ConnectorError('provider_error', 'courier answered HTTP 500'); });
  scripts.set('fresh', async () => ({ rates: [rate(41000)] }));
});

let city = 0;
/** A destination no earlier test asked about, so the courier cache starts empty. */
const body = (connectorIds: string[], extra: Record<string, unknown> = {}) => ({ destination: { country: 'RU', city: `Город-${++city}` }, parcels, connectorIds, ...extra });
const quote = (b: unknown) => t.call('POST', '/v1/quotes', b);
/** Drops every cached courier answer from Redis: what is answered after this came from memory. */
async function forgetCache() {
  const keys = await t.hub.redis.keys(`${t.prefix}:{qc:*`);
  if (keys.length) await t.hub.redis.del(...keys);
}

describe('replay of identical quote requests', () => {
  it('answers a byte-identical request from memory, then asks Redis again after maxMs', async () => {
    const b = body(['steady']);
    const first = await quote(b); // the courier is called
    const second = await quote(b); // every answer from the Redis cache: remembered
    await forgetCache();
    const third = await quote(b); // from memory, though Redis has nothing any more
    expect(calls.get('steady')).toBe(1);
    expect(third.body).toEqual(first.body);
    expect(second.body).toEqual(first.body);
    await sleep(450);
    await quote(b);
    expect(calls.get('steady')).toBe(2);
  });

  it('counts replayed answers as cache hits in /metrics', async () => {
    const b = body(['steady']);
    await quote(b);
    await quote(b);
    const hits = async () => Number(/svyazka_courier_quote_cache_total\{connector="steady",result="hit"\} (\d+)/.exec((await t.call('GET', '/metrics')).text)?.[1] ?? 0);
    const before = await hits();
    await quote(b);
    await quote(b);
    expect(await hits()).toBe(before + 2);
  });

  it('does not remember an answer that needed a courier call', async () => {
    const b = body(['steady']);
    await quote(b); // a call: not remembered
    await forgetCache();
    const callsBefore = calls.get('steady')!;
    await quote(b);
    expect(calls.get('steady')).toBe(callsBefore + 1);
  });

  it('never keeps a cached error past its own TTL', async () => {
    const b = body(['steady', 'failing']);
    await quote(b);
    const made = calls.get('failing')!;
    await quote(b); // both from the cache, the error expiring within 250 ms of the first call
    await sleep(300);
    const again = await quote(b);
    expect(calls.get('failing')).toBeGreaterThan(made);
    expect(again.body.errors).toEqual([expect.objectContaining({ connectorId: 'failing', code: 'provider_error' })]);
  });

  it('forgets at once what a connector or warehouse change in this process makes stale', async () => {
    const b = body(['steady', 'fresh']);
    await quote(b);
    await quote(b);
    await t.call('PUT', '/v1/admin/connectors/fresh', { id: 'fresh', type: 'test-scripted', enabled: false, config: {} });
    const without = await quote(b);
    expect(without.body.options.map((o: { connectorId: string }) => o.connectorId)).toEqual(['steady']);
    expect(without.body.errors).toEqual([expect.objectContaining({ connectorId: 'fresh', code: 'not_found' })]);
    await t.call('PUT', '/v1/admin/connectors/fresh', { id: 'fresh', type: 'test-scripted', config: {} });

    const one = body(['steady']);
    const before = await quote(one);
    await quote(one);
    const [{ id, ...warehouse }] = (await t.call('GET', '/v1/admin/warehouses')).body;
    // 10:00 is past a 09:00 cut-off: the parcel ships a day later than it did.
    expect((await t.call('PUT', `/v1/admin/warehouses/${id}`, { ...warehouse, cutoff: '09:00' })).status).toBe(200);
    try {
      const later = await quote(one);
      expect(later.body.options[0].dates.shipOn > before.body.options[0].dates.shipOn).toBe(true);
    } finally {
      await t.call('PUT', `/v1/admin/warehouses/${id}`, warehouse);
    }
  });

  it('works the dates out again when the clock moves to another minute', async () => {
    const b = body(['steady']);
    const today = await quote(b);
    await quote(b);
    t.clock.set('2026-11-24T10:00:00+03:00');
    try {
      const tomorrow = await quote(b);
      expect(tomorrow.body.options[0].dates.shipOn).not.toBe(today.body.options[0].dates.shipOn);
    } finally {
      t.clock.set('2026-11-23T10:00:00+03:00');
    }
  });
});
