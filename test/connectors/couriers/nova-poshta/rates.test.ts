import { http, HttpResponse, delay } from 'msw';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { novaPoshta } from '../../../../src/connectors/couriers/nova-poshta/index.js';
import type { CourierQuoteInput } from '../../../../src/core/connectors/contract.js';
import { connectorDeps } from '../../../helpers/connector-deps.js';
import { useMsw } from '../../../helpers/msw.js';
import { testRedis } from '../../../helpers/redis.js';
import { deliveryDate, fail, fixture, settlements, type NpCall } from './helpers.js';

const server = useMsw();
const r = testRedis();
afterAll(() => r.cleanup());

const URL_NP = 'https://api.novaposhta.ua/v2.0/json/';
const KYIV = '8d5a980d-391c-11dd-90d9-001a92567626';
const LVIV = 'db5c88f5-391c-11dd-90d9-001a92567626';
const config = novaPoshta.configSchema.parse({ apiKey: 'NP-SECRET-KEY', senderCityRef: KYIV });

let calls: NpCall[];
beforeEach(() => (calls = []));

/** A fake API answering by calledMethod, recording what it received. */
function api(over: Partial<Record<string, () => unknown>> = {}) {
  const answers: Record<string, () => unknown> = {
    searchSettlements: () => settlements('Львів', LVIV, 'Львівська'),
    getDocumentPrice: () => fixture('getDocumentPrice.response.json'),
    getDocumentDeliveryDate: () => deliveryDate('2026-11-25'),
    ...over,
  };
  return http.post(URL_NP, async ({ request }) => {
    const body = (await request.json()) as NpCall;
    calls.push(body);
    const answer = answers[body.calledMethod];
    return answer ? HttpResponse.json(answer() as object) : HttpResponse.json(fail(['Method not found'], ['1']));
  });
}

function input(over: Partial<CourierQuoteInput> = {}): CourierQuoteInput {
  return {
    origin: { country: 'UA', city: 'Київ' },
    destination: { country: 'UA', city: 'Львів', region: 'Львівська' },
    parcels: [{ weight: 2500, length: 30, width: 20, height: 10 }],
    declaredValue: 320_000,
    currency: 'UAH',
    signal: new AbortController().signal,
    ...over,
  };
}

describe('nova-poshta quote', () => {
  const deps = () => connectorDeps(r.redis, r.keys, `np-${Math.random()}`);

  it('parses the real price sample (UAH → kopiykas) and turns the delivery date into days', async () => {
    server.use(api());
    const out = await novaPoshta.create(config, deps()).quote(input());
    expect(out.rates).toEqual([
      { carrier: 'Nova Poshta', service: 'WarehouseWarehouse', serviceName: 'Відділення — відділення', deliveryType: 'pickup_point', price: { amount: 4500, currency: 'UAH' }, days: { min: 2, max: 2 }, dayKind: 'calendar', codAvailable: true },
      { carrier: 'Nova Poshta', service: 'WarehouseDoors', serviceName: 'Відділення — адреса', deliveryType: 'door', price: { amount: 4500, currency: 'UAH' }, days: { min: 2, max: 2 }, dayKind: 'calendar', codAvailable: true },
    ]);
  });

  it('builds the requests: key, model, method, city refs, kg, seats, declared value', async () => {
    server.use(api());
    await novaPoshta.create(config, deps()).quote(input({ deliveryTypes: ['door'] }));
    const search = calls.find((c) => c.calledMethod === 'searchSettlements')!;
    expect(search).toEqual({ apiKey: 'NP-SECRET-KEY', modelName: 'Address', calledMethod: 'searchSettlements', methodProperties: { CityName: 'Львів', Limit: '20', Page: '1' } });
    const price = calls.find((c) => c.calledMethod === 'getDocumentPrice')!;
    expect(price.modelName).toBe('InternetDocument');
    expect(price.methodProperties).toEqual({
      CitySender: KYIV,
      CityRecipient: LVIV,
      ServiceType: 'WarehouseDoors',
      CargoType: 'Parcel',
      Cost: '3200',
      Weight: '2.5',
      SeatsAmount: '1',
      OptionsSeat: [{ volumetricLength: '30', volumetricWidth: '20', volumetricHeight: '10', weight: '2.5' }],
    });
    const date = calls.find((c) => c.calledMethod === 'getDocumentDeliveryDate')!;
    expect(date.methodProperties).toEqual({ DateTime: '23.11.2026', ServiceType: 'WarehouseDoors', CitySender: KYIV, CityRecipient: LVIV });
    expect(calls.filter((c) => c.calledMethod === 'getDocumentPrice')).toHaveLength(1);
  });

  it('caches city refs: a second quote makes no lookup call', async () => {
    server.use(api());
    const adapter = novaPoshta.create(config, deps());
    await adapter.quote(input());
    expect(calls.filter((c) => c.calledMethod === 'searchSettlements')).toHaveLength(1);
    calls = [];
    await adapter.quote(input());
    expect(calls.filter((c) => c.calledMethod === 'searchSettlements')).toHaveLength(0);
    expect(calls.filter((c) => c.calledMethod === 'getDocumentPrice')).toHaveLength(2);
  });

  it('keeps delivery dates per route and day: later quotes that day ask for prices only', async () => {
    server.use(api());
    const connectorId = `np-${Math.random()}`;
    const adapter = novaPoshta.create(config, connectorDeps(r.redis, r.keys, connectorId));
    await adapter.quote(input());
    expect(calls.filter((c) => c.calledMethod === 'getDocumentDeliveryDate')).toHaveLength(2);
    calls = [];
    const heavier = await adapter.quote(input({ parcels: [{ weight: 9000, length: 40, width: 30, height: 20 }] }));
    expect(calls.map((c) => c.calledMethod)).toEqual(['getDocumentPrice', 'getDocumentPrice']);
    expect(heavier.rates.map((x) => x.days)).toEqual([{ min: 2, max: 2 }, { min: 2, max: 2 }]);
    // Another hub process (a new adapter over the same Redis) finds them too.
    calls = [];
    await novaPoshta.create(config, connectorDeps(r.redis, r.keys, connectorId)).quote(input());
    expect(calls.filter((c) => c.calledMethod === 'getDocumentDeliveryDate')).toHaveLength(0);
    // The next day, from the same cities: asked again, with that day's DateTime.
    calls = [];
    server.use(api({ getDocumentDeliveryDate: () => deliveryDate('2026-11-27') }));
    const nextDay = await novaPoshta.create(config, connectorDeps(r.redis, r.keys, connectorId, '2026-11-24T09:00:00+03:00')).quote(input());
    const asked = calls.filter((c) => c.calledMethod === 'getDocumentDeliveryDate');
    expect(asked.map((c) => c.methodProperties.DateTime)).toEqual(['24.11.2026', '24.11.2026']);
    expect(nextDay.rates[0]!.days).toEqual({ min: 3, max: 3 });
  });

  it('does not keep a delivery date it could not read', async () => {
    server.use(api({ getDocumentDeliveryDate: () => ({ success: true, data: [{ DeliveryDate: { date: 'soon' } }] }) }));
    const adapter = novaPoshta.create(config, deps());
    await expect(adapter.quote(input())).rejects.toMatchObject({ code: 'bad_response', message: expect.stringContaining('DeliveryDate') });
    server.use(api());
    calls = [];
    expect((await adapter.quote(input())).rates).toHaveLength(2);
    expect(calls.filter((c) => c.calledMethod === 'getDocumentDeliveryDate')).toHaveLength(2);
  });

  it('looks the origin city up too when senderCityRef is not configured', async () => {
    server.use(api({ searchSettlements: () => settlements('Київ', KYIV) }));
    const cfg = novaPoshta.configSchema.parse({ apiKey: 'k' });
    await novaPoshta.create(cfg, deps()).quote(input({ destination: { country: 'UA', city: 'Київ' } }));
    expect(calls.filter((c) => c.calledMethod === 'searchSettlements')).toHaveLength(1); // same city, one cached load
    expect(calls.find((c) => c.calledMethod === 'getDocumentPrice')!.methodProperties.CitySender).toBe(KYIV);
  });

  it('answers unknown cities and foreign destinations as noService', async () => {
    server.use(api({ searchSettlements: () => ({ ...settlements('x', 'y'), data: [{ TotalCount: 0, Addresses: [] }] }) }));
    expect(await novaPoshta.create(config, deps()).quote(input())).toMatchObject({ rates: [], noService: expect.stringContaining('Львів') });
    expect(await novaPoshta.create(config, deps()).quote(input({ destination: { country: 'PL', city: 'Kraków' } }))).toMatchObject({ rates: [] });
    expect(calls.filter((c) => c.calledMethod !== 'searchSettlements')).toHaveLength(0);
  });

  it('maps success:false: API key errors to auth, the rest to invalid_request, HTTP 200 either way', async () => {
    server.use(api({ searchSettlements: () => fail(['API key expired'], ['20000200039']) }));
    const err = await novaPoshta.create(config, deps()).quote(input()).catch((e) => e);
    expect(err).toMatchObject({ code: 'auth', transient: false });
    expect(err.message).not.toContain('NP-SECRET-KEY');
    server.use(api({ getDocumentPrice: () => fail(['Weight is invalid'], ['20000900746']) }));
    const err2 = await novaPoshta.create(config, deps()).quote(input()).catch((e) => e);
    expect(err2).toMatchObject({ code: 'invalid_request', transient: false });
    expect(err2.message).toContain('Weight is invalid [20000900746]');
  });

  it('turns a slow API into a timeout', async () => {
    server.use(http.post(URL_NP, async () => (await delay(1000), HttpResponse.json({}))));
    await expect(novaPoshta.create(config, deps()).quote(input({ signal: AbortSignal.timeout(100) }))).rejects.toMatchObject({ code: 'timeout' });
  });

  it('reports malformed answers as bad_response and 5xx as transient', async () => {
    server.use(http.post(URL_NP, () => HttpResponse.text('<html>oops</html>')));
    await expect(novaPoshta.create(config, deps()).quote(input())).rejects.toMatchObject({ code: 'bad_response' });
    server.use(api({ getDocumentPrice: () => ({ success: true, data: [{ Foo: 1 }] }) }));
    await expect(novaPoshta.create(config, deps()).quote(input())).rejects.toMatchObject({ code: 'bad_response' });
    server.use(http.post(URL_NP, () => new HttpResponse('busy', { status: 503 })));
    await expect(novaPoshta.create(config, deps()).quote(input())).rejects.toMatchObject({ code: 'provider_error', transient: true });
  });
});
