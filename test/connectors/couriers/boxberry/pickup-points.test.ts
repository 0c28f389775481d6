import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { parseGps } from '../../../../src/connectors/couriers/boxberry/pickup-points.js';
import { PickupPoint } from '../../../../src/core/quotes/pickup-points.js';
import { useMsw } from '../../../helpers/msw.js';
import { boxberry, fixture, TOKEN, useBoxberry, type Call } from './_setup.js';

const server = useMsw();
const ctx = useBoxberry();
const signal = () => AbortSignal.timeout(5000);

/** Russia answers with the sample list, the other countries with whatever `others` gives (default: none). */
const listPoints = (others: (call: Call) => unknown = () => []) => ({
  ListPoints: (call: Call) => HttpResponse.json((call.params.CountryCode === '643' ? fixture('ListPoints.response.json') : others(call)) as object),
});

describe('boxberry pickup points', () => {
  it('Should ask ListPoints for every served country with prepaid=1 and the token', async () => {
    const calls = boxberry(server, listPoints());
    await ctx.adapter.pickupPoints!(signal());
    expect(calls.map((c) => [c.how, c.method])).toEqual(Array(5).fill(['get', 'ListPoints']));
    expect(calls.map((c) => c.params.CountryCode).sort()).toEqual(['051', '112', '398', '417', '643']);
    expect(calls[0]!.params).toEqual({ token: TOKEN, prepaid: '1', CountryCode: expect.any(String) });
  });

  it('Should map the sample: postcode from Address, GPS, postamat flag, COD unless OnlyPrepaidOrders', async () => {
    boxberry(server, listPoints());
    const points = await ctx.adapter.pickupPoints!(signal());
    expect(points.slice(0, 3)).toEqual([
      {
        code: '99451',
        name: 'Москва Булатниковская_9945_С',
        address: { country: 'RU', region: 'Москва', city: 'Москва', postcode: '117403', line: 'Булатниковская ул, д.2А' },
        location: { lat: 55.580676, lon: 37.651708 },
        type: 'pickup_point',
        workTime: 'пн-вс: 10.00-20.30',
        codAvailable: true,
      },
      {
        code: '77816',
        name: 'Москва Постамат Профсоюзная_7781',
        address: { country: 'RU', region: 'Москва', city: 'Москва', postcode: '117292', line: 'Профсоюзная ул, д.12' },
        location: { lat: 55.68541, lon: 37.571823 },
        type: 'postamat',
        workTime: 'пн-вс: 00.00-24.00',
        codAvailable: false,
      },
      {
        code: '54321',
        name: 'Новосибирск Блюхера_5432_П',
        address: { country: 'RU', region: 'Новосибирская', city: 'Новосибирск', postcode: '630099', line: 'Блюхера ул, д.32' },
        type: 'pickup_point',
        workTime: 'пн-пт: 10.00-20.00, сб: 10.00-16.00',
        codAvailable: true,
      },
    ]);
  });

  it('Should hand a malformed point on for the hub to reject and count, without losing the others', async () => {
    boxberry(server, listPoints());
    const points = await ctx.adapter.pickupPoints!(signal());
    // refreshPickupPoints validates each point like this, stores the fits and counts the rest as `rejected`.
    const fits = points.map((p) => PickupPoint.safeParse(p).success);
    expect(fits).toEqual([true, true, true, false]);
    expect(PickupPoint.safeParse(points[3]).error?.issues.map((i) => i.path.join('.'))).toEqual(['code', 'address.city']);
  });

  it('Should take the country from the point and read "not found" for a country as no points', async () => {
    const kz = { ...fixture('ListPoints.response.json')[0], Code: '10001', Name: 'Алматы Абая_1000_С', CityName: 'Алматы', Area: 'Алматы', Address: '050000, Алматы г, Абая пр, д.1', CountryCode: '398' };
    boxberry(server, listPoints((c) => (c.params.CountryCode === '398' ? [kz] : c.params.CountryCode === '112' ? [{ err: 'Пункты выдачи не найдены' }] : [])));
    const points = await ctx.adapter.pickupPoints!(signal());
    expect(points.map((p) => [p.code, p.address.country])).toEqual([['99451', 'RU'], ['77816', 'RU'], ['54321', 'RU'], ['', 'RU'], ['10001', 'KZ']]);
  });

  it('Should fail the whole list on a Boxberry error: a token refusal is auth, any other message invalid_request', async () => {
    boxberry(server, { ListPoints: () => HttpResponse.json({ err: 'Неверный token' }) });
    const auth = await ctx.adapter.pickupPoints!(signal()).catch((e) => e);
    expect(auth).toMatchObject({ code: 'auth', transient: false });
    expect(auth.message).not.toContain(TOKEN);
    boxberry(server, listPoints(() => fixture('error-message.response.json')));
    expect(await ctx.adapter.pickupPoints!(signal()).catch((e) => e)).toMatchObject({ code: 'invalid_request', transient: false });
  });

  it('Should time out, report 5xx as transient and a body that is not a list as bad_response', async () => {
    boxberry(server, { ListPoints: async () => (await delay(1000), HttpResponse.json([])) });
    expect(await ctx.adapter.pickupPoints!(AbortSignal.timeout(150)).catch((e) => e)).toMatchObject({ code: 'timeout', ambiguous: false });
    boxberry(server, { ListPoints: () => new HttpResponse('bad gateway', { status: 502 }) });
    expect(await ctx.adapter.pickupPoints!(signal()).catch((e) => e)).toMatchObject({ code: 'provider_error', transient: true });
    boxberry(server, { ListPoints: () => HttpResponse.json({ points: [] }) });
    expect(await ctx.adapter.pickupPoints!(signal()).catch((e) => e)).toMatchObject({ code: 'bad_response' });
  });

  it('Should read GPS as "lat,lon" and leave out blank, garbled, out-of-range or 0,0 coordinates', () => {
    expect(parseGps(' 55.75 , 37.61 ')).toEqual({ lat: 55.75, lon: 37.61 });
    for (const bad of [undefined, '', '55.75;37.61', 'abc', '95,37', '0,0']) expect(parseGps(bad)).toBeUndefined();
  });
});
