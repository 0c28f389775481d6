import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { planRateRequests } from '../../../../src/connectors/couriers/boxberry/rates.js';
import { boxberryError } from '../../../../src/connectors/couriers/boxberry/client.js';
import { useMsw } from '../../../helpers/msw.js';
import { boxberry, fixture, quoteInput, TOKEN, useBoxberry } from './_setup.js';

const server = useMsw();
const ctx = useBoxberry();
const cities = () => HttpResponse.json(fixture('ListCities.response.json'));
const calc = () => HttpResponse.json(fixture('DeliveryCalculation.response.json'));

describe('boxberry quote', () => {
  it('Should build DeliveryCalculation with the city code, roubles, whole cm and grams, and the token', async () => {
    const calls = boxberry(server, { ListCities: cities, DeliveryCalculation: calc });
    await ctx.adapter.quote(quoteInput());
    expect(calls.map((c) => [c.how, c.method])).toEqual([['get', 'ListCities'], ['post', 'DeliveryCalculation']]);
    expect(calls[0]!.params).toEqual({ token: TOKEN, CountryCode: '643' });
    expect(calls[1]!.params).toEqual({
      token: TOKEN,
      TargetStart: '010',
      RecipientCityId: '14',
      OrderSum: 3500,
      DeliverySum: 0,
      PaySum: 0,
      BoxSizes: [{ Weight: 1500, Width: 15, Height: 10, Depth: 21 }],
    });
  });

  it('Should parse the real sample into a pickup-point and a courier rate in kopecks, calendar days', async () => {
    boxberry(server, { ListCities: cities, DeliveryCalculation: calc });
    expect(await ctx.adapter.quote(quoteInput())).toEqual({
      rates: [
        { carrier: 'Boxberry', service: '1', serviceName: 'Boxberry: до пункта выдачи', deliveryType: 'pickup_point', price: { amount: 48150, currency: 'RUB' }, days: { min: 3, max: 3 }, dayKind: 'calendar', codAvailable: true },
        { carrier: 'Boxberry', service: '2', serviceName: 'Boxberry: курьерская доставка', deliveryType: 'door', price: { amount: 68150, currency: 'RUB' }, days: { min: 4, max: 4 }, dayKind: 'calendar', codAvailable: true },
      ],
    });
  });

  it('Should price courier delivery by postcode and pickup points by city, and cache the city list', async () => {
    const calls = boxberry(server, { ListCities: cities, DeliveryCalculation: calc });
    const input = quoteInput({ destination: { country: 'RU', city: 'Новосибирск', postcode: '630099' } });
    const out = await ctx.adapter.quote(input);
    await ctx.adapter.quote(input);
    const calcs = calls.filter((c) => c.method === 'DeliveryCalculation').slice(0, 2).map((c) => [c.params.Zip, c.params.RecipientCityId, c.params.DeliveryType]);
    expect(calcs).toEqual([['630099', undefined, 2], [undefined, '14', 1]]);
    expect(calls.filter((c) => c.method === 'ListCities')).toHaveLength(1);
    expect(out.rates.map((r) => r.deliveryType).sort()).toEqual(['door', 'pickup_point']);
  });

  it('Should answer noService for a city without Boxberry points or a "not delivered" message', async () => {
    const calls = boxberry(server, { ListCities: cities, DeliveryCalculation: () => HttpResponse.json(fixture('error-array.response.json')) });
    const none = await ctx.adapter.quote(quoteInput({ destination: { country: 'RU', city: 'Нигдеград' }, deliveryTypes: ['pickup_point'] }));
    expect(none).toEqual({ rates: [], noService: expect.stringContaining('Нигдеград') });
    expect(calls.some((c) => c.method === 'DeliveryCalculation')).toBe(false);
    const refused = await ctx.adapter.quote(quoteInput());
    expect(refused).toEqual({ rates: [], noService: 'Boxberry: Доставка в указанный город не осуществляется' });
  });

  it('Should turn the {err} and {error:true,message} shapes into a permanent invalid_request', async () => {
    for (const f of ['error-err.response.json', 'error-message.response.json']) {
      boxberry(server, { ListCities: cities, DeliveryCalculation: () => HttpResponse.json(fixture(f)) });
      const err = await ctx.adapter.quote(quoteInput()).catch((e) => e);
      expect(err).toMatchObject({ code: 'invalid_request', transient: false });
      expect(err.message).toContain('целыми числами');
    }
  });

  it('Should call a token refusal an auth error without echoing the token', async () => {
    boxberry(server, { ListCities: () => HttpResponse.json([{ err: 'Неверный token' }]) });
    const err = await ctx.adapter.quote(quoteInput()).catch((e) => e);
    expect(err).toMatchObject({ code: 'auth', transient: false });
    expect(err.message).not.toContain(TOKEN);
  });

  it('Should time out, report 5xx as transient and a non-JSON or misshapen body as bad_response', async () => {
    boxberry(server, { ListCities: cities, DeliveryCalculation: async () => (await delay(1000), calc()) });
    expect(await ctx.adapter.quote(quoteInput({ signal: AbortSignal.timeout(150) })).catch((e) => e)).toMatchObject({ code: 'timeout' });
    boxberry(server, { ListCities: cities, DeliveryCalculation: () => new HttpResponse('bad gateway', { status: 502 }) });
    expect(await ctx.adapter.quote(quoteInput()).catch((e) => e)).toMatchObject({ code: 'provider_error', transient: true });
    boxberry(server, { ListCities: cities, DeliveryCalculation: () => HttpResponse.text('<html>') });
    expect(await ctx.adapter.quote(quoteInput()).catch((e) => e)).toMatchObject({ code: 'bad_response' });
    boxberry(server, { ListCities: cities, DeliveryCalculation: () => HttpResponse.json({ error: false, result: { DeliveryCosts: [{ TotalPrice: 'abc' }] } }) });
    expect(await ctx.adapter.quote(quoteInput()).catch((e) => e)).toMatchObject({ code: 'bad_response' });
  });

  it('Should recognise the three error shapes and leave successes alone', () => {
    expect(boxberryError(fixture('error-err.response.json'))).toContain('целыми');
    expect(boxberryError(fixture('error-message.response.json'))).toContain('целыми');
    expect(boxberryError(fixture('error-array.response.json'))).toContain('не осуществляется');
    expect(boxberryError({ err: true, message: 'm' })).toBe('m');
    expect(boxberryError(fixture('DeliveryCalculation.response.json'))).toBeUndefined();
    expect(boxberryError(fixture('ParselCreate.response.json'))).toBeUndefined();
  });

  it('Should plan one call by city when there is no postcode, and none when nothing fits', () => {
    expect(planRateRequests('14', undefined, true, true)).toEqual([{ cityId: '14' }]);
    expect(planRateRequests(undefined, '630099', true, true)).toEqual([{ zip: '630099', deliveryType: 2 }]);
    expect(planRateRequests(undefined, undefined, true, false)).toEqual([]);
  });
});
