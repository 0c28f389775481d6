import { http, HttpResponse, delay } from 'msw';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { novaPoshta } from '../../../../src/connectors/couriers/nova-poshta/index.js';
import { formatSchedule, isLastPage, PAGE_SIZE } from '../../../../src/connectors/couriers/nova-poshta/pickup-points.js';
import { PickupPoint } from '../../../../src/core/quotes/pickup-points.js';
import { connectorDeps } from '../../../helpers/connector-deps.js';
import { useMsw } from '../../../helpers/msw.js';
import { testRedis } from '../../../helpers/redis.js';
import { fail, fixture, ok, type NpCall } from './helpers.js';

const server = useMsw();
const r = testRedis();
afterAll(() => r.cleanup());

const URL_NP = 'https://api.novaposhta.ua/v2.0/json/';
const config = novaPoshta.configSchema.parse({ apiKey: 'NP-SECRET-KEY' });
const adapter = () => novaPoshta.create(config, connectorDeps(r.redis, r.keys, 'np-points'));
const signal = () => AbortSignal.timeout(5000);

let calls: NpCall[];
beforeEach(() => (calls = []));

const page1 = () => fixture('getWarehouses.page1.response.json');
const page2 = () => fixture('getWarehouses.page2.response.json');
/** Pages past the end come back empty. */
const past = (totalCount: number) => ({ ...ok([]), info: { totalCount } });

/** Answers getWarehouses by `Page`; anything else is a failure. */
const warehouses = (pages: Record<string, () => unknown>, totalCount = 6) =>
  http.post(URL_NP, async ({ request }) => {
    const c = (await request.json()) as NpCall;
    calls.push(c);
    if (c.calledMethod !== 'getWarehouses') return HttpResponse.json(fail(['Method not found'], ['1']));
    return HttpResponse.json((pages[c.methodProperties.Page]?.() ?? past(totalCount)) as object);
  });

describe('nova-poshta pickup points', () => {
  it('asks Address.getWarehouses page by page with the key and Limit, a few pages at a time, up to the last page', async () => {
    server.use(warehouses({ '1': page1, '2': page2 }));
    await adapter().pickupPoints!(signal());
    expect(calls.map((c) => [c.apiKey, c.modelName, c.calledMethod])).toEqual(Array(4).fill(['NP-SECRET-KEY', 'Address', 'getWarehouses']));
    expect(calls.map((c) => c.methodProperties).sort((a, b) => Number(a.Page) - Number(b.Page))).toEqual(
      ['1', '2', '3', '4'].map((Page) => ({ Page, Limit: String(PAGE_SIZE) })),
    );
  });

  it('maps both sample pages: number as code, address without the repeated city, coordinates, lockers, hours, COD', async () => {
    server.use(warehouses({ '1': page1, '2': page2 }));
    const points = await adapter().pickupPoints!(signal());
    expect(points.slice(0, 3)).toEqual([
      {
        code: '1',
        name: 'Відділення №1: вул. Пирогівський шлях, 135',
        address: { country: 'UA', region: 'Київська', city: 'Київ', postcode: '03045', line: 'Пирогівський шлях, 135' },
        location: { lat: 50.354786, lon: 30.542884 },
        type: 'pickup_point',
        workTime: 'Пн-Пт 08:00-21:00, Сб-Нд 09:00-18:00',
        codAvailable: true,
      },
      {
        code: '5509',
        name: 'Поштомат "Нова Пошта" №5509: вул. Хрещатик, 22 (ТЦ "Глобус")',
        address: { country: 'UA', region: 'Київська', city: 'Київ', line: 'Хрещатик, 22' },
        location: { lat: 50.44992, lon: 30.52248 },
        type: 'postamat',
        workTime: 'Пн-Нд 00:00-23:59',
        codAvailable: false,
      },
      {
        code: '920',
        name: 'Пункт №920 (до 30 кг): вул. Сумська, 10, прим. 3 (маг. "Канцтовари")',
        address: { country: 'UA', region: 'Харківська', city: 'Харків', postcode: '61002', line: 'Сумська, 10, прим. 3' },
        location: { lat: 49.99644, lon: 36.23199 },
        type: 'pickup_point',
        workTime: 'Пн-Пт 10:00-20:00, Сб 10:00-17:00',
        codAvailable: true,
      },
    ]);
  });

  it('leaves out closed branches and those barred from waybills, and hands a malformed row on for the hub to reject', async () => {
    server.use(warehouses({ '1': page1, '2': page2 }));
    const points = await adapter().pickupPoints!(signal());
    expect(points.map((p) => p.code)).toEqual(['1', '5509', '920', '']);
    // refreshPickupPoints validates each point like this, stores the fits and counts the rest as `rejected`.
    expect(points.map((p) => PickupPoint.safeParse(p).success)).toEqual([true, true, true, false]);
  });

  it('keeps paging past full pages, wave after wave, until a short page', async () => {
    const row = (page1().data as Record<string, unknown>[])[0]!;
    const full = (page: number) => () => ok(Array.from({ length: PAGE_SIZE }, (_, i) => ({ ...row, Number: String(page * 1000 + i) })));
    const total = 4 * PAGE_SIZE + 3;
    server.use(warehouses({ '1': full(1), '2': full(2), '3': full(3), '4': full(4), '5': () => ({ ...page2(), info: { totalCount: total } }) }, total));
    const points = await adapter().pickupPoints!(signal());
    expect(calls.map((c) => Number(c.methodProperties.Page)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(points).toHaveLength(4 * PAGE_SIZE + 2);
  });

  it('decides the last page: empty, or short once totalCount rows came (Nova Poshta may cap Limit)', () => {
    expect(isLastPage(0, 100, 5000)).toBe(true);
    expect(isLastPage(PAGE_SIZE, 6000, 5000)).toBe(false);
    expect(isLastPage(100, 100, 5000)).toBe(false);
    expect(isLastPage(100, 5000, 5000)).toBe(true);
    expect(isLastPage(100, 100, undefined)).toBe(true);
  });

  it('maps success:false: API key errors to auth, the rest to invalid_request', async () => {
    server.use(warehouses({ '1': () => fail(['API key expired'], ['20000200039']) }));
    const err = await adapter().pickupPoints!(signal()).catch((e) => e);
    expect(err).toMatchObject({ code: 'auth', transient: false });
    expect(err.message).not.toContain('NP-SECRET-KEY');
    server.use(warehouses({ '1': page1, '2': () => fail(['Limit is invalid'], ['20000101018']) }));
    expect(await adapter().pickupPoints!(signal()).catch((e) => e)).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('Limit is invalid') });
  });

  it('turns a slow API into a timeout, 5xx into a transient failure, a body without data into bad_response', async () => {
    server.use(http.post(URL_NP, async () => (await delay(1000), HttpResponse.json(page1()))));
    await expect(adapter().pickupPoints!(AbortSignal.timeout(100))).rejects.toMatchObject({ code: 'timeout' });
    server.use(http.post(URL_NP, () => new HttpResponse('busy', { status: 503 })));
    await expect(adapter().pickupPoints!(signal())).rejects.toMatchObject({ code: 'provider_error', transient: true });
    server.use(http.post(URL_NP, () => HttpResponse.json({ data: 'nope' })));
    await expect(adapter().pickupPoints!(signal())).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('joins days with the same hours and leaves days off out of the schedule', () => {
    const week = { Monday: '09:00-18:00', Tuesday: '09:00-18:00', Wednesday: '-', Thursday: '09:00-18:00', Friday: '09:00-18:00', Saturday: '10:00-14:00', Sunday: '-' };
    expect(formatSchedule(week)).toBe('Пн-Вт 09:00-18:00, Чт-Пт 09:00-18:00, Сб 10:00-14:00');
    expect(formatSchedule({ Monday: '-', Sunday: '' })).toBeUndefined();
    expect(formatSchedule(undefined)).toBeUndefined();
  });
});
