import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { useMsw } from '../../../helpers/msw.js';
import { boxberry, bookingRequest, fixture, TOKEN, useBoxberry } from './_setup.js';

const server = useMsw();
const ctx = useBoxberry();
const created = () => HttpResponse.json(fixture('ParselCreate.response.json'));

describe('boxberry book', () => {
  it('Should send ParselCreate with order_id = shipment id, pickup point, places and items', async () => {
    const calls = boxberry(server, { ParselCreate: created });
    const out = await ctx.adapter.book!(bookingRequest());
    expect(out).toEqual({ state: 'booked', courierId: 'AAP127020243', trackNumber: 'AAP127020243' });
    expect(calls[0]!.how).toBe('post');
    expect(calls[0]!.params.token).toBe(TOKEN);
    expect(calls[0]!.params.sdata).toEqual({
      order_id: 'shp_01JD8X',
      price: '3500.00',
      payment_sum: '0.00',
      delivery_sum: '0.00',
      vid: '1',
      shop: { name: '54321', name1: '010' },
      customer: { fio: 'Иван Иванов', phone: '79134637228', email: 'ivan@example.ru' },
      items: [
        { id: 'SKU-1', name: 'Чайник', UnitName: 'шт.', price: '1500.00', quantity: '2' },
        { id: 'SKU-2', name: 'Кружка', UnitName: 'шт.', price: '500.00', quantity: '1' },
      ],
      weights: { weight: '1400', x: '20', y: '15', z: '10', weight2: '300', x2: '10', y2: '10', z2: '5' },
      notice: 'Order ord_42',
    });
  });

  it('Should send courier delivery with the address and the COD split into goods and delivery', async () => {
    const calls = boxberry(server, { ParselCreate: created });
    await ctx.adapter.book!(bookingRequest({ service: '2', pickupPointCode: undefined, codAmount: 390000 }));
    const sdata = calls[0]!.params.sdata;
    expect(sdata).toMatchObject({ vid: '2', payment_sum: '3900.00', delivery_sum: '400.00', kurdost: { index: '630099', citi: 'Новосибирск', addressp: 'ул. Блюхера, 32' } });
    expect(sdata.shop.name).toBe('');
  });

  it('Should refuse a pickup-point booking without a point code before calling Boxberry', async () => {
    const calls = boxberry(server, { ParselCreate: created });
    expect(await ctx.adapter.book!(bookingRequest({ pickupPointCode: undefined })).catch((e) => e)).toMatchObject({ code: 'invalid_request' });
    expect(calls).toHaveLength(0);
  });

  it('Should return rejected with the Boxberry message for a validation error', async () => {
    boxberry(server, { ParselCreate: () => HttpResponse.json(fixture('error-err.response.json')) });
    expect(await ctx.adapter.book!(bookingRequest())).toEqual({ state: 'rejected', message: expect.stringContaining('целыми числами') });
  });

  it('Should return the existing parcel when Boxberry says the order exists', async () => {
    const calls = boxberry(server, {
      ParselCreate: () => HttpResponse.json({ err: 'Заказ с таким номером уже существует' }),
      ParcelInfo: () => HttpResponse.json(fixture('ParcelInfo.response.json')),
    });
    expect(await ctx.adapter.book!(bookingRequest())).toEqual({ state: 'booked', courierId: 'AAP127020243', trackNumber: 'AAP127020243' });
    expect(calls[1]!.params.parcels).toEqual([{ order_id: 'shp_01JD8X' }]);
  });

  it('Should mark a timed-out create as ambiguous, and fail on a malformed answer', async () => {
    boxberry(server, { ParselCreate: async () => (await delay(1000), created()) });
    expect(await ctx.adapter.book!(bookingRequest({ signal: AbortSignal.timeout(150) })).catch((e) => e)).toMatchObject({ code: 'timeout', ambiguous: true });
    boxberry(server, { ParselCreate: () => HttpResponse.json({ label: 'x' }) });
    expect(await ctx.adapter.book!(bookingRequest()).catch((e) => e)).toMatchObject({ code: 'bad_response' });
  });
});

describe('boxberry findBooking', () => {
  it('Should find the parcel by order id, and return null when Boxberry has none', async () => {
    boxberry(server, { ParcelInfo: () => HttpResponse.json(fixture('ParcelInfo.response.json')) });
    expect(await ctx.adapter.findBooking!('shp_01JD8X', AbortSignal.timeout(2000))).toEqual({ state: 'booked', courierId: 'AAP127020243', trackNumber: 'AAP127020243' });
    expect(await ctx.adapter.findBooking!('other', AbortSignal.timeout(2000))).toBeNull();
    boxberry(server, { ParcelInfo: () => HttpResponse.json({ err: 'Посылка не найдена' }) });
    expect(await ctx.adapter.findBooking!('x', AbortSignal.timeout(2000))).toBeNull();
    boxberry(server, { ParcelInfo: () => HttpResponse.json([]) });
    expect(await ctx.adapter.findBooking!('x', AbortSignal.timeout(2000))).toBeNull();
  });
});
