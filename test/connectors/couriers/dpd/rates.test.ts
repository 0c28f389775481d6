import { http, delay } from 'msw';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { dpd } from '../../../../src/connectors/couriers/dpd/index.js';
import type { CourierQuoteInput } from '../../../../src/core/connectors/contract.js';
import { connectorDeps } from '../../../helpers/connector-deps.js';
import { useMsw } from '../../../helpers/msw.js';
import { testRedis } from '../../../helpers/redis.js';
import { fixture, soapBody, soapFault, xml } from './helpers.js';

const server = useMsw();
const r = testRedis();
afterAll(() => r.cleanup());

const URL_CALC = 'https://ws.dpd.ru/services/calculator2';
const NS = 'http://dpd.ru/ws/calculator/2012-03-20';
const config = dpd.configSchema.parse({ clientNumber: '1001027554', clientKey: 'KEY-SECRET' });

function input(over: Partial<CourierQuoteInput> = {}): CourierQuoteInput {
  return {
    origin: { country: 'RU', city: 'Москва', postcode: '115162' },
    destination: { country: 'RU', city: 'Нижний Новгород', postcode: '603000' },
    parcels: [
      { weight: 1500, length: 30, width: 20, height: 10 },
      { weight: 500, length: 10, width: 10, height: 10 },
    ],
    declaredValue: 250_000,
    currency: 'RUB',
    signal: new AbortController().signal,
    ...over,
  };
}

describe('dpd quote (calculator2 getServiceCost2)', () => {
  let bodies: string[];
  beforeEach(() => (bodies = []));
  const adapter = () => dpd.create(config, connectorDeps(r.redis, r.keys));

  it('builds one request per delivery type with auth, kg, m³ and roubles', async () => {
    server.use(http.post(URL_CALC, async ({ request }) => (bodies.push(await request.text()), xml(fixture('getServiceCost2.response.xml')))));
    await adapter().quote(input());
    expect(bodies).toHaveLength(2);
    const reqs = bodies.map((b) => soapBody(b).getServiceCost2.request);
    expect(bodies[0]).toContain(`xmlns:ns="${NS}"`);
    for (const q of reqs) {
      expect(q.auth).toEqual({ clientNumber: '1001027554', clientKey: 'KEY-SECRET' });
      expect(q.pickup).toEqual({ index: '115162', countryCode: 'RU' });
      expect(q.delivery).toEqual({ index: '603000', countryCode: 'RU' });
      expect(q.weight).toBe('2');
      expect(q.volume).toBe('0.007');
      expect(q.declaredValue).toBe('2500');
      expect(q.selfPickup).toBe('false');
      expect(q.serviceCode).toBeUndefined();
    }
    expect(reqs.map((q) => q.selfDelivery).sort()).toEqual(['false', 'true']);
  });

  it('parses the real sample: roubles with kopecks to kopecks, DPD days as business days', async () => {
    server.use(http.post(URL_CALC, () => xml(fixture('getServiceCost2.response.xml'))));
    const out = await adapter().quote(input({ deliveryTypes: ['door'] }));
    expect(out.noService).toBeUndefined();
    expect(out.rates).toEqual([
      { carrier: 'DPD', service: 'BZP', serviceName: 'DPD 18:00', deliveryType: 'door', price: { amount: 731071, currency: 'RUB' }, days: { min: 13, max: 13 }, dayKind: 'business', codAvailable: true },
      { carrier: 'DPD', service: 'CUR', serviceName: 'DPD CLASSIC domestic', deliveryType: 'door', price: { amount: 694620, currency: 'RUB' }, days: { min: 9, max: 9 }, dayKind: 'business', codAvailable: true },
    ]);
  });

  it('uses pickupCityId and the configured service codes', async () => {
    server.use(http.post(URL_CALC, async ({ request }) => (bodies.push(await request.text()), xml(fixture('getServiceCost2.response.xml')))));
    const cfg = dpd.configSchema.parse({ clientNumber: '1', clientKey: 'k', pickupCityId: '49694102', serviceCodes: ['PCL', 'CUR'] });
    await dpd.create(cfg, connectorDeps(r.redis, r.keys)).quote(input({ deliveryTypes: ['pickup_point'] }));
    const q = soapBody(bodies[0]!).getServiceCost2.request;
    expect(q.pickup).toEqual({ cityId: '49694102' });
    expect(q.serviceCode).toBe('PCL,CUR');
    expect(q.selfDelivery).toBe('true');
  });

  it('answers a no-service fault as an expected outcome', async () => {
    server.use(http.post(URL_CALC, () => xml(soapFault(NS, 'ServiceCostFault2', 'no-service-available', 'Нет доступных сервисов'), 500)));
    const out = await adapter().quote(input());
    expect(out.rates).toEqual([]);
    expect(out.noService).toContain('Нет доступных сервисов');
  });

  it('maps an auth fault to auth and other faults to invalid_request, without the key in the message', async () => {
    server.use(http.post(URL_CALC, () => xml(soapFault(NS, 'ServiceCostFault2', 'auth-error', 'Ошибка авторизации'), 500)));
    const err = await adapter().quote(input()).catch((e) => e);
    expect(err).toMatchObject({ code: 'auth', transient: false });
    expect(err.message).not.toContain('KEY-SECRET');
    server.use(http.post(URL_CALC, () => xml(soapFault(NS, 'ServiceCostFault2', 'invalid-weight', 'Неверный вес'), 500)));
    await expect(adapter().quote(input())).rejects.toMatchObject({ code: 'invalid_request', transient: false });
  });

  it('turns a slow DPD into a timeout', async () => {
    server.use(http.post(URL_CALC, async () => (await delay(3000), xml(fixture('getServiceCost2.response.xml')))));
    await expect(adapter().quote(input({ deliveryTypes: ['door'], signal: AbortSignal.timeout(100) }))).rejects.toMatchObject({ code: 'timeout', transient: true });
  });

  it('reports malformed answers as bad_response and a 502 page as a transient provider error', async () => {
    server.use(http.post(URL_CALC, () => xml('<html>maintenance</html>')));
    await expect(adapter().quote(input())).rejects.toMatchObject({ code: 'bad_response' });
    server.use(http.post(URL_CALC, () => xml('<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns2:getServiceCost2Response xmlns:ns2="x"><return><serviceCode>PCL</serviceCode><cost>abc</cost><days>2</days></return></ns2:getServiceCost2Response></S:Body></S:Envelope>')));
    await expect(adapter().quote(input())).rejects.toMatchObject({ code: 'bad_response' });
    server.use(http.post(URL_CALC, () => new Response('Bad Gateway', { status: 502 })));
    await expect(adapter().quote(input())).rejects.toMatchObject({ code: 'provider_error', transient: true });
  });
});
