import { http, HttpResponse, delay } from 'msw';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { russianPost } from '../../../../src/connectors/couriers/russian-post/index.js';
import type { CourierQuoteInput } from '../../../../src/core/connectors/contract.js';
import { connectorDeps } from '../../../helpers/connector-deps.js';
import { useMsw } from '../../../helpers/msw.js';
import { testRedis } from '../../../helpers/redis.js';

const server = useMsw();
const r = testRedis();
afterAll(() => r.cleanup());

const fixture = (n: string) => JSON.parse(readFileSync(new URL(`../../../../fixtures/couriers/russian-post/${n}`, import.meta.url), 'utf8'));
const TARIFF = 'https://tariff.pochta.ru/v2/calculate/tariff/delivery';
const OTPRAVKA = 'https://otpravka-api.pochta.ru/1.0/tariff';

const publicCfg = russianPost.configSchema.parse({ objectCode: '3000' });
const businessCfg = russianPost.configSchema.parse({ accessToken: 'TOKEN-SECRET', authorizationKey: 'a2V5OnB3ZA==', fromPostcode: '344038' });
const adapter = (cfg = publicCfg) => russianPost.create(cfg, connectorDeps(r.redis, r.keys));

function input(over: Partial<CourierQuoteInput> = {}): CourierQuoteInput {
  return {
    origin: { country: 'RU', city: 'Ростов-на-Дону', postcode: '344038' },
    destination: { country: 'RU', city: 'Москва', postcode: '115162' },
    parcels: [{ weight: 100, length: 20, width: 15, height: 5 }],
    declaredValue: 100_000,
    currency: 'RUB',
    signal: new AbortController().signal,
    ...over,
  };
}

describe('russian-post quote via the public tariff calculator', () => {
  it('builds the query and parses the real sample: kopecks with VAT, day range', async () => {
    let url: URL | undefined;
    server.use(http.get(TARIFF, ({ request }) => ((url = new URL(request.url)), HttpResponse.json(fixture('tariff-v2-delivery.response.json')))));
    const out = await adapter().quote(input());
    expect(Object.fromEntries(url!.searchParams)).toEqual({ json: 'json', object: '3000', from: '344038', to: '115162', weight: '100' });
    expect(out.rates).toEqual([
      { carrier: 'Russian Post', service: '3000', serviceName: 'Бандероль простая', deliveryType: 'pickup_point', price: { amount: 5040, currency: 'RUB' }, days: { min: 4, max: 4 }, dayKind: 'calendar', codAvailable: true },
    ]);
  });

  it('sends the declared value (sumoc, kopecks) for declared-value objects and sums parcel weights', async () => {
    let url: URL | undefined;
    server.use(http.get(TARIFF, ({ request }) => ((url = new URL(request.url)), HttpResponse.json(fixture('tariff-v2-delivery.response.json')))));
    await adapter(russianPost.configSchema.parse({ objectCode: '4020', fromPostcode: '101000' })).quote(input({ parcels: [{ weight: 700, length: 1, width: 1, height: 1 }, { weight: 300, length: 2, width: 2, height: 2 }] }));
    expect(url!.searchParams.get('sumoc')).toBe('100000');
    expect(url!.searchParams.get('weight')).toBe('1000');
    expect(url!.searchParams.get('from')).toBe('101000');
  });

  it('maps the calculator\'s own error list to invalid_request, also on HTTP 400', async () => {
    server.use(http.get(TARIFF, () => HttpResponse.json({ version: '2.14', errors: [{ msg: 'Неверный индекс получателя 115162', type: 1 }] }, { status: 400 })));
    const err = await adapter().quote(input()).catch((e) => e);
    expect(err).toMatchObject({ code: 'invalid_request', transient: false });
    expect(err.message).toContain('Неверный индекс получателя');
  });

  it('answers missing postcodes and foreign destinations as noService without calling', async () => {
    expect(await adapter().quote(input({ destination: { country: 'RU', city: 'Москва' } }))).toMatchObject({ rates: [], noService: expect.stringContaining('postcode') });
    expect(await adapter().quote(input({ destination: { country: 'KZ', city: 'Алматы', postcode: '050000' } }))).toMatchObject({ rates: [] });
  });

  it('turns a slow calculator into a timeout, 503 into provider_error, HTML into bad_response', async () => {
    server.use(http.get(TARIFF, async () => (await delay(1000), HttpResponse.json({}))));
    await expect(adapter().quote(input({ signal: AbortSignal.timeout(100) }))).rejects.toMatchObject({ code: 'timeout' });
    server.use(http.get(TARIFF, () => new HttpResponse('<html>503</html>', { status: 503 })));
    await expect(adapter().quote(input())).rejects.toMatchObject({ code: 'provider_error', transient: true });
    server.use(http.get(TARIFF, () => HttpResponse.text('<html>captcha</html>')));
    await expect(adapter().quote(input())).rejects.toMatchObject({ code: 'bad_response' });
    server.use(http.get(TARIFF, () => HttpResponse.json({ id: 3000, name: 'x' })));
    await expect(adapter().quote(input())).rejects.toMatchObject({ code: 'bad_response' });
  });
});

describe('russian-post quote via the business API', () => {
  it('sends both auth headers and the tariff body, parses the real sample (rate + VAT)', async () => {
    let got: { headers: Headers; body: unknown } | undefined;
    server.use(http.post(OTPRAVKA, async ({ request }) => ((got = { headers: request.headers, body: await request.json() }), HttpResponse.json(fixture('otpravka-tariff.response.json')))));
    const out = await adapter(businessCfg).quote(input({ origin: { country: 'RU', city: 'X', postcode: '000000' } }));
    expect(got!.headers.get('authorization')).toBe('AccessToken TOKEN-SECRET');
    expect(got!.headers.get('x-user-authorization')).toBe('Basic a2V5OnB3ZA==');
    expect(got!.body).toEqual({
      'index-from': '344038',
      'index-to': '115162',
      'mail-category': 'WITH_DECLARED_VALUE',
      'mail-type': 'POSTAL_PARCEL',
      mass: 100,
      dimension: { length: 20, width: 15, height: 5 },
      fragile: false,
      'declared-value': 100000,
    });
    expect(out.rates).toEqual([
      { carrier: 'Russian Post', service: 'POSTAL_PARCEL', serviceName: 'Посылка нестандартная', deliveryType: 'pickup_point', price: { amount: 36790, currency: 'RUB' }, days: { min: 1, max: 3 }, dayKind: 'calendar', codAvailable: true },
    ]);
  });

  it('maps 401 to auth (no token in the message) and 400 to invalid_request', async () => {
    server.use(http.post(OTPRAVKA, () => HttpResponse.json({ code: '1001', desc: 'Unauthorized' }, { status: 401 })));
    const err = await adapter(businessCfg).quote(input()).catch((e) => e);
    expect(err).toMatchObject({ code: 'auth' });
    expect(err.message).not.toContain('TOKEN-SECRET');
    server.use(http.post(OTPRAVKA, () => HttpResponse.json({ code: '1001', desc: 'Неверный индекс', 'sub-code': 'ILLEGAL_INDEX_TO' }, { status: 400 })));
    await expect(adapter(businessCfg).quote(input())).rejects.toMatchObject({ code: 'invalid_request', transient: false });
  });

  it('reports an answer without total-rate as bad_response', async () => {
    server.use(http.post(OTPRAVKA, () => HttpResponse.json({ 'delivery-time': { 'max-days': 3 } })));
    await expect(adapter(businessCfg).quote(input())).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('turns a slow business API into a timeout and a 503 into a transient provider_error', async () => {
    server.use(http.post(OTPRAVKA, async () => (await delay(1000), HttpResponse.json(fixture('otpravka-tariff.response.json')))));
    const started = Date.now();
    await expect(adapter(businessCfg).quote(input({ signal: AbortSignal.timeout(100) }))).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(800);
    server.use(http.post(OTPRAVKA, () => new HttpResponse('<html>Service Unavailable</html>', { status: 503 })));
    await expect(adapter(businessCfg).quote(input())).rejects.toMatchObject({ code: 'provider_error', transient: true });
  });
});
