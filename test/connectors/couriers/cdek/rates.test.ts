import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { parseRateResponse } from '../../../../src/connectors/couriers/cdek/rates.js';
import { useMsw } from '../../../helpers/msw.js';
import { BASE, citiesHandler, fixture, quoteInput, tokenHandler, useCdek } from './_setup.js';

const server = useMsw();
const ctx = useCdek();

function tariffs(reply: () => Response | Promise<Response> = () => HttpResponse.json(fixture('calculator-tarifflist.response.json'))) {
  const bodies: any[] = [];
  server.use(
    http.post(`${BASE}/v2/calculator/tarifflist`, async ({ request }) => {
      bodies.push(await request.json());
      return reply();
    }),
  );
  return bodies;
}

describe('cdek quote', () => {
  it('Should build the tariff list request from city codes, grams and whole centimetres', async () => {
    tokenHandler(server);
    const cityQueries = citiesHandler(server);
    const bodies = tariffs();
    await ctx.adapter.quote(quoteInput());
    expect(bodies).toEqual([{ type: 1, from_location: { code: 44 }, to_location: { code: 270 }, packages: [{ weight: 1500, length: 20, width: 16, height: 10 }] }]);
    expect(Object.fromEntries(cityQueries[0]!.searchParams)).toMatchObject({ postal_code: '630099', country_codes: 'RU' });
  });

  it('Should parse the real tariff list sample into a rate in kopecks and calendar days', async () => {
    tokenHandler(server);
    citiesHandler(server);
    tariffs();
    const out = await ctx.adapter.quote(quoteInput());
    expect(out).toEqual({
      rates: [
        {
          carrier: 'CDEK',
          service: '62',
          serviceName: 'Магистральный экспресс склад-склад',
          deliveryType: 'pickup_point',
          price: { amount: 171000, currency: 'RUB' },
          days: { min: 8, max: 12 },
          dayKind: 'calendar',
          codAvailable: true,
        },
      ],
    });
  });

  it('Should look the destination city up once and serve it from the cache afterwards', async () => {
    tokenHandler(server);
    const cityQueries = citiesHandler(server);
    tariffs();
    await ctx.adapter.quote(quoteInput());
    await ctx.adapter.quote(quoteInput());
    expect(cityQueries).toHaveLength(1);
  });

  it('Should answer noService when CDEK does not know the destination', async () => {
    tokenHandler(server);
    citiesHandler(server);
    const bodies = tariffs();
    const out = await ctx.adapter.quote(quoteInput({ destination: { country: 'RU', city: 'Нигдеград', postcode: '999999' } }));
    expect(out.rates).toEqual([]);
    expect(out.noService).toContain('Нигдеград');
    expect(bodies).toHaveLength(0);
  });

  it('Should turn "no tariffs for this direction" (HTTP 400 or 200) into noService', async () => {
    tokenHandler(server);
    citiesHandler(server);
    for (const status of [400, 200]) {
      tariffs(() => HttpResponse.json(fixture('calculator-tarifflist-no-service.response.json'), { status }));
      const out = await ctx.adapter.quote(quoteInput());
      expect(out.rates).toEqual([]);
      expect(out.noService).toContain('err_result_servicelist_empty');
    }
  });

  it('Should report other CDEK errors as a permanent invalid_request with the provider message', async () => {
    tokenHandler(server);
    citiesHandler(server);
    tariffs(() => HttpResponse.json({ errors: [{ code: 'v2_field_is_empty', message: 'Field packages[0].weight is empty' }] }, { status: 400 }));
    const err = await ctx.adapter.quote(quoteInput()).catch((e) => e);
    expect(err).toMatchObject({ code: 'invalid_request', transient: false });
    expect(err.message).toContain('packages[0].weight');
  });

  it('Should report a 5xx as a transient provider error', async () => {
    tokenHandler(server);
    citiesHandler(server);
    tariffs(() => new HttpResponse('<html>502</html>', { status: 502 }));
    expect(await ctx.adapter.quote(quoteInput()).catch((e) => e)).toMatchObject({ code: 'provider_error', transient: true });
  });

  it('Should time out under the caller deadline', async () => {
    tokenHandler(server);
    citiesHandler(server);
    tariffs(async () => {
      await delay(1000);
      return HttpResponse.json(fixture('calculator-tarifflist.response.json'));
    });
    const err = await ctx.adapter.quote(quoteInput({ signal: AbortSignal.timeout(100) })).catch((e) => e);
    expect(err).toMatchObject({ code: 'timeout', transient: true });
  });

  it('Should call a body that is not JSON, or JSON of the wrong shape, a bad_response', async () => {
    tokenHandler(server);
    citiesHandler(server);
    tariffs(() => HttpResponse.text('<html>maintenance</html>'));
    expect(await ctx.adapter.quote(quoteInput()).catch((e) => e)).toMatchObject({ code: 'bad_response' });
    tariffs(() => HttpResponse.json({ tariff_codes: [{ tariff_code: 'x' }] }));
    expect(await ctx.adapter.quote(quoteInput()).catch((e) => e)).toMatchObject({ code: 'bad_response' });
  });

  it('Should filter by tariff allow-list and delivery types, and map delivery modes', () => {
    const body = {
      tariff_codes: [
        { tariff_code: 137, tariff_name: 'Посылка склад-дверь', delivery_mode: 3, delivery_sum: 450.5, period_min: 2, period_max: 4 },
        { tariff_code: 136, tariff_name: 'Посылка склад-склад', delivery_mode: 4, delivery_sum: 300, period_min: 2, period_max: 4 },
        { tariff_code: 368, tariff_name: 'Посылка склад-постамат', delivery_mode: 7, delivery_sum: 280, period_min: 2, period_max: 5 },
      ],
    };
    const all = parseRateResponse(body, {});
    expect(all.rates.map((r) => [r.service, r.deliveryType, r.price.amount, r.dayKind])).toEqual([
      ['137', 'door', 45050, 'business'],
      ['136', 'pickup_point', 30000, 'business'],
      ['368', 'postamat', 28000, 'business'],
    ]);
    expect(parseRateResponse(body, { tariffCodes: [136] }).rates.map((r) => r.service)).toEqual(['136']);
    expect(parseRateResponse(body, { deliveryTypes: ['door'] }).rates.map((r) => r.service)).toEqual(['137']);
    expect(parseRateResponse(body, { paymentLimit: 0 }).rates.every((r) => !r.codAvailable)).toBe(true);
    expect(parseRateResponse(body, { tariffCodes: [1] }).noService).toBeTruthy();
  });
});
