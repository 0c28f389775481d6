import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { boxberryTrackStatus } from '../../../../src/connectors/couriers/boxberry/status.js';
import { parseBoxberryDate } from '../../../../src/connectors/couriers/boxberry/tracking.js';
import { useMsw } from '../../../helpers/msw.js';
import { boxberry, fixture, useBoxberry } from './_setup.js';

const server = useMsw();
const ctx = useBoxberry();

describe('boxberry track', () => {
  it('Should read the real ListStatusesFull sample by track number', async () => {
    const calls = boxberry(server, { ListStatusesFull: () => HttpResponse.json(fixture('ListStatusesFull.response.json')) });
    const out = await ctx.adapter.track!([{ shipmentId: 'shp_1', trackNumber: 'AAP127020243' }], AbortSignal.timeout(2000));
    expect(out).toEqual([{ shipmentId: 'shp_1', status: 'booked', code: 'Загружен реестр ИМ', description: 'Загружен реестр ИМ', at: '2020-12-26T12:23:00+03:00' }]);
    expect(calls[0]).toMatchObject({ how: 'get', params: { ImId: 'AAP127020243' } });
  });

  it('Should sort the history and map transit, delivery, return and unknown names', async () => {
    const body = {
      ...fixture('ListStatusesFull.response.json'),
      statuses: [
        { Date: '30.12.2020 10:00', Name: 'Выдано', Comment: '' },
        { Date: '27.12.2020 09:00', Name: 'Принято к доставке', Comment: '' },
        { Date: '28.12.2020 09:00', Name: 'Поступило в пункт выдачи', Comment: 'Новосибирск (630099, Блюхера ул, д.32)' },
        { Date: '29.12.2020 09:00', Name: 'Что-то новое', Comment: '' },
      ],
    };
    boxberry(server, { ListStatusesFull: () => HttpResponse.json(body) });
    const out = await ctx.adapter.track!([{ shipmentId: 's' }], AbortSignal.timeout(2000));
    expect(out.map((u) => u.status)).toEqual(['in_transit', 'in_transit', 'unknown', 'delivered']);
    expect(out[1]!.description).toContain('Блюхера');
  });

  it('Should skip unknown parcels and fail on malformed answers or timeouts', async () => {
    boxberry(server, { ListStatusesFull: () => HttpResponse.json([{ err: 'Посылка не найдена' }]) });
    expect(await ctx.adapter.track!([{ shipmentId: 's', trackNumber: 'X' }], AbortSignal.timeout(2000))).toEqual([]);
    boxberry(server, { ListStatusesFull: () => HttpResponse.json({ statuses: [{ Date: 'вчера', Name: 'Выдано' }] }) });
    expect(await ctx.adapter.track!([{ shipmentId: 's', trackNumber: 'X' }], AbortSignal.timeout(2000)).catch((e) => e)).toMatchObject({ code: 'bad_response' });
    boxberry(server, { ListStatusesFull: async () => (await delay(1000), HttpResponse.json({})) });
    expect(await ctx.adapter.track!([{ shipmentId: 's', trackNumber: 'X' }], AbortSignal.timeout(100)).catch((e) => e)).toMatchObject({ code: 'timeout' });
  });

  it('Should parse both Boxberry date formats as Moscow time', () => {
    expect(parseBoxberryDate('26.12.2020 12:23')).toBe('2020-12-26T12:23:00+03:00');
    expect(parseBoxberryDate('2019-05-04T06:47:48')).toBe('2019-05-04T06:47:48+03:00');
    expect(parseBoxberryDate('2024-02-07 13:38:13')).toBe('2024-02-07T13:38:13+03:00');
    expect(boxberryTrackStatus('Возвращено в ИМ')).toBe('returned');
  });
});

describe('boxberry cancel and test', () => {
  it('Should delete the parcel by track number with ParselDel', async () => {
    const calls = boxberry(server, { ParselDel: () => HttpResponse.json({ text: 'ok' }) });
    await ctx.adapter.cancel!({ shipmentId: 's', trackNumber: 'AAP127020243' }, AbortSignal.timeout(2000));
    expect(calls).toEqual([{ how: 'get', method: 'ParselDel', params: expect.objectContaining({ ImId: 'AAP127020243' }) }]);
  });

  it('Should look the track number up first, and surface a refusal', async () => {
    const calls = boxberry(server, {
      ParcelInfo: () => HttpResponse.json(fixture('ParcelInfo.response.json')),
      ParselDel: () => HttpResponse.json({ err: 'Посылка уже передана в доставку, удаление невозможно' }),
    });
    const err = await ctx.adapter.cancel!({ shipmentId: 'shp_01JD8X' }, AbortSignal.timeout(2000)).catch((e) => e);
    expect(calls.map((c) => c.method)).toEqual(['ParcelInfo', 'ParselDel']);
    expect(err).toMatchObject({ code: 'invalid_request' });
    expect(err.message).toContain('удаление невозможно');
  });

  it('Should report a refused token in test()', async () => {
    boxberry(server, { ParselList: () => HttpResponse.json({ err: 'Ключ интеграции не найден' }) });
    expect(await ctx.adapter.test!(AbortSignal.timeout(2000))).toMatchObject({ ok: false });
    boxberry(server, { ParselList: () => HttpResponse.json({ ImIds: 'AAP127020243' }) });
    expect(await ctx.adapter.test!(AbortSignal.timeout(2000))).toMatchObject({ ok: true });
  });
});
