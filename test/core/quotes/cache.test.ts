import { beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/core/errors.js';
import { useTestHub } from '../../helpers/hub.js';
import { addCouriers, calls, parcels, rate, scripted, scripts, sleep } from './scripted.js';

const t = useTestHub({ definitions: [scripted], hub: { quotes: { cache: { ttlMs: 60_000, errorTtlMs: 300 }, breaker: { failures: 100 } } } });

const ids = ['cached', 'cached-region', 'fresh', 'refusing', 'nosvc-cached', 'hanging', 'rl'];
beforeAll(() => addCouriers(t, ids));

const body = (connectorIds: string[], destination: Record<string, unknown> = { country: 'RU', city: 'Москва', postcode: '101000' }, extra: Record<string, unknown> = {}) => ({ destination, parcels, connectorIds, ...extra });
const quote = (b: unknown) => t.call('POST', '/v1/quotes', b);

describe('quote cache', () => {
  it('answers an identical normalised request from Redis without calling the courier', async () => {
    scripts.set('cached', async () => ({ rates: [rate(35000)] }));
    const first = await quote(body(['cached']));
    const again = await quote(body(['cached'], { country: 'ru', city: '  москва ', postcode: '101 000', line: 'ул. Мясницкая, 1' }));
    expect(calls.get('cached')).toBe(1);
    expect(again.body).toEqual(first.body);
    // Dates are computed per request from the cached day range, not cached themselves.
    t.clock.set('2026-11-24T10:00:00+03:00');
    const tomorrow = await quote(body(['cached']));
    t.clock.set('2026-11-23T10:00:00+03:00');
    expect(calls.get('cached')).toBe(1);
    expect(tomorrow.body.options[0].dates.shipOn).toBe('2026-11-25');
    // Anything that changes the price is a different request.
    await quote(body(['cached'], undefined, { declaredValue: 500000 }));
    await quote(body(['cached'], { country: 'RU', city: 'Казань' }));
    expect(calls.get('cached')).toBe(3);
  });

  it('tells same-named cities in different regions apart, and courier location codes too', async () => {
    scripts.set('cached-region', async () => ({ rates: [rate(36000)] }));
    const place = { country: 'RU', city: 'Октябрьский', postcode: '452600' };
    await quote(body(['cached-region'], { ...place, region: 'Башкортостан' }));
    await quote(body(['cached-region'], { ...place, region: '  башкортостан' }));
    expect(calls.get('cached-region')).toBe(1);
    await quote(body(['cached-region'], { ...place, region: 'Московская область' }));
    expect(calls.get('cached-region')).toBe(2);
    await quote(body(['cached-region'], { ...place, region: 'Башкортостан', codes: { cdek: '1027' } }));
    expect(calls.get('cached-region')).toBe(3);
  });

  it('combines one courier\'s cached answer with another\'s fresh one', async () => {
    scripts.set('fresh', async () => ({ rates: [rate(41000)] }));
    const res = await quote(body(['cached', 'fresh']));
    expect(res.body.options.map((o: any) => o.connectorId).sort()).toEqual(['cached', 'fresh']);
    expect(calls.get('cached')).toBe(3);
    expect(calls.get('fresh')).toBe(1);
  });

  it('caches a courier error for the short error TTL only', async () => {
    scripts.set('refusing', async () => { throw new ConnectorError('provider_error', 'courier answered HTTP 500'); });
    const first = await quote(body(['cached', 'refusing']));
    const made = calls.get('refusing')!;
    expect(made).toBe(2); // the call and its one retry
    const again = await quote(body(['cached', 'refusing']));
    expect(calls.get('refusing')).toBe(made);
    expect(again.body.errors).toEqual(first.body.errors);
    await sleep(350);
    await quote(body(['cached', 'refusing']));
    expect(calls.get('refusing')).toBe(made + 2);
  });

  it('caches "no service" like rates, and never a timeout', async () => {
    scripts.set('nosvc-cached', async () => { throw new ConnectorError('no_service', 'no delivery to Москва'); });
    scripts.set('hanging', (_n, input) => sleep(60_000, input.signal).then(() => ({ rates: [] })));
    await quote(body(['nosvc-cached', 'hanging'], undefined, { timeoutMs: 150 }));
    await sleep(350); // past the error TTL, well within the answer TTL
    const again = await quote(body(['nosvc-cached', 'hanging'], undefined, { timeoutMs: 150 }));
    expect(calls.get('nosvc-cached')).toBe(1);
    expect(calls.get('hanging')).toBe(2);
    expect(again.body.errors).toEqual(expect.arrayContaining([{ connectorId: 'nosvc-cached', code: 'no_service', message: 'no delivery to Москва' }]));
  });

  it('keeps a 429 no longer than its Retry-After', async () => {
    scripts.set('rl', async () => { throw new ConnectorError('rate_limited', 'HTTP 429', { retryAfterMs: 100 }); });
    const first = await quote(body(['rl'], undefined, { timeoutMs: 200 }));
    expect(first.body.errors[0].code).toBe('rate_limited');
    await quote(body(['rl'], undefined, { timeoutMs: 200 }));
    expect(calls.get('rl')).toBe(1);
    await sleep(150); // past Retry-After, within the 300 ms error TTL
    await quote(body(['rl'], undefined, { timeoutMs: 200 }));
    expect(calls.get('rl')).toBe(2);
  });

  it('forgets cached answers when a connector config changes', async () => {
    await quote(body(['cached']));
    expect(calls.get('cached')).toBe(3);
    await t.call('PUT', '/v1/admin/connectors/cached', { id: 'cached', type: 'test-scripted', config: { note: 'new contract' } });
    await quote(body(['cached']));
    expect(calls.get('cached')).toBe(4);
  });
});

describe('quote metrics', () => {
  it('exposes courier latency, errors by code and cache hits and misses at /metrics', async () => {
    const res = await t.call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/svyazka_courier_quote_duration_seconds_bucket\{le="0.01",connector="cached",outcome="ok"\} \d+/);
    expect(res.text).toMatch(/svyazka_courier_quote_duration_seconds_count\{connector="hanging",outcome="timeout"\} 2/);
    expect(res.text).toMatch(/svyazka_courier_quote_errors_total\{connector="refusing",code="provider_error"\} 2/);
    expect(res.text).toMatch(/svyazka_courier_quote_errors_total\{connector="hanging",code="timeout"\} 2/);
    expect(res.text).toMatch(/svyazka_courier_quote_cache_total\{connector="cached",result="hit"\} [1-9]/);
    expect(res.text).toMatch(/svyazka_courier_quote_cache_total\{connector="cached",result="miss"\} 4/);
    expect(res.text).toMatch(/svyazka_courier_quote_retries_total\{connector="refusing",reason="provider_error"\} 2/);
  });
});
