import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toMinorUnits as anyMinorUnits } from '../../../../src/core/money.js';

/** Ozon prices are never negative. */
const toMinorUnits = (v: string | number) => anyMinorUnits(v, { negative: false });
import { mapPage, parseListResponse } from '../../../../src/connectors/orders/ozon/orders.js';
import { hubStatusOf } from '../../../../src/connectors/orders/ozon/status.js';
import { HIDDEN_BUYER_NAME, UNKNOWN_CITY } from '../../../../src/connectors/orders/ozon/map.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../../fixtures/orders/ozon/${name}`, import.meta.url), 'utf8'));
const ctx = { source: 'ozon-main', defaultCountry: 'RU' };

describe('ozon money', () => {
  it('turns decimal strings into kopecks without float error', () => {
    expect(toMinorUnits('1390.000000')).toBe(139000);
    expect(toMinorUnits('1259')).toBe(125900);
    expect(toMinorUnits('12990.00')).toBe(1299000);
    expect(toMinorUnits('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(toMinorUnits('1.005')).toBe(101);
    expect(toMinorUnits('19.994')).toBe(1999);
    expect(toMinorUnits(4.35)).toBe(435); // 4.35 * 100 = 434.99999999999994
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '-5', '1e3', '12.3.4']) expect(toMinorUnits(bad)).toBeUndefined();
    expect(toMinorUnits(Number.NaN)).toBeUndefined();
  });
});

describe('ozon status table', () => {
  it('maps the hub-relevant statuses and leaves the rest unknown', () => {
    expect(hubStatusOf('awaiting_packaging')).toBe('new');
    expect(hubStatusOf('awaiting_deliver')).toBe('new');
    expect(hubStatusOf('delivering')).toBe('in_transit');
    expect(hubStatusOf('delivered')).toBe('delivered');
    expect(hubStatusOf('cancelled')).toBe('cancelled');
    expect(hubStatusOf('arbitration')).toBe('unknown');
    expect(hubStatusOf('something_new')).toBe('unknown');
    expect(hubStatusOf(undefined)).toBe('unknown');
  });
});

describe('ozon posting mapping', () => {
  it('maps the real v3 FBS list sample (buyer hidden) to a canonical order', () => {
    const page = parseListResponse(fixture('posting-fbs-list.v3.response.json'));
    expect(page.hasNext).toBe(true);
    const { orders, rejected } = mapPage(page.postings, ctx);
    expect(rejected).toEqual([]);
    expect(orders).toHaveLength(1);
    const o = orders[0]!;
    expect(o).toMatchObject({
      source: 'ozon-main',
      externalId: '05708065-0029-1',
      currency: 'RUB',
      customer: { name: HIDDEN_BUYER_NAME },
      delivery: { address: { country: 'RU', city: UNKNOWN_CITY } },
      payment: { method: 'prepaid' },
      lines: [{ sku: '205953', name: 'Электронный конструктор PinLab Позитроник', qty: 1, price: 139000, externalIds: { ozon: '358924380' } }],
    });
    expect(o.sourceData).toMatchObject({
      status: 'awaiting_deliver',
      substatus: 'posting_awaiting_passport_data',
      hubStatus: 'new',
      orderId: '680420041',
      orderNumber: '05708065-0029',
      buyerHidden: true,
      deliveryMethod: { id: '21321684811000', warehouseId: '21321684811000', warehouse: 'Стим Тойс Нахабино' },
    });
    expect(o.customer.email).toBeUndefined();
  });

  it('maps the real v3 unfulfilled sample, taking the city from analytics data', () => {
    const page = parseListResponse(fixture('posting-fbs-unfulfilled-list.v3.response.json'));
    expect(page.hasNext).toBe(false);
    const o = mapPage(page.postings, ctx).orders[0]!;
    expect(o.externalId).toBe('23713478-0018-3');
    expect(o.lines).toEqual([{ sku: 'УТ-0001365', name: 'Мяч, цвет: черный, 5 кг', qty: 1, price: 125900, externalIds: { ozon: '140048123' } }]);
    expect(o.delivery.address).toEqual({ country: 'RU', city: 'Санкт-Петербург', region: 'Санкт-Петербург' });
    expect(o.sourceData).toMatchObject({ hubStatus: 'new', deliveryType: 'PVZ', paymentType: 'Карты оплаты' });
  });

  it('maps the documented v4 shape (rFBS with buyer and address, money objects)', () => {
    const page = parseListResponse(fixture('posting-fbs-list.v4.response.json'));
    expect(page.hasNext).toBe(false);
    expect(page.cursor).toMatch(/^eyJ/);
    const { orders, rejected } = mapPage(page.postings, ctx);
    expect(rejected).toEqual([]);
    const o = orders[0]!;
    expect(o).toMatchObject({
      externalId: '0208245774-0029-1',
      currency: 'RUB',
      customer: { name: 'Иван Петров', phone: '+79031234567', email: 'ivan.petrov@example.com' },
      delivery: { address: { country: 'RU', city: 'Москва', region: 'Москва', postcode: '101000', line: 'д. 15, кв. 78' } },
      comment: 'Домофон не работает',
    });
    expect(o.lines).toEqual([
      { sku: 'b4408110', name: 'Смартфон Xiaomi Note 12', qty: 1, price: 1299000, externalIds: { ozon: '1904686181' } },
      { sku: 'h667722', name: 'Наушники Bluetooth', qty: 2, price: 349000, externalIds: { ozon: '1904686182' } },
    ]);
    expect(o.sourceData).toMatchObject({ status: 'awaiting_packaging', hubStatus: 'new', buyerHidden: false, trackingNumber: 'TRK1234567890', pickupPoint: '456' });
  });

  it('keeps postings that cannot be mapped as rejected, with the reason and the payload', () => {
    const good = fixture('posting-fbs-list.v3.response.json').result.postings[0];
    const noProducts = { ...good, posting_number: 'P-EMPTY', products: [] };
    const badPrice = { ...good, posting_number: 'P-PRICE', products: [{ ...good.products[0], price: 'бесплатно' }] };
    const noNumber = { ...good, posting_number: undefined };
    const { orders, rejected } = mapPage([good, noProducts, badPrice, noNumber], ctx);
    expect(orders.map((o) => o.externalId)).toEqual(['05708065-0029-1']);
    expect(rejected.map((r) => r.externalId)).toEqual(['P-EMPTY', 'P-PRICE', undefined]);
    expect(rejected[0]!.reason).toContain('has no products');
    expect(rejected[1]!.reason).toContain('not a decimal amount');
    expect(rejected[2]!.reason).toContain('posting_number');
    expect(rejected[1]!.payload).toBe(badPrice);
  });

  it('calls an answer without a postings array a bad response', () => {
    expect(() => parseListResponse({ result: { items: [] } })).toThrow(expect.objectContaining({ code: 'bad_response' }));
    expect(() => parseListResponse('nope')).toThrow(expect.objectContaining({ code: 'bad_response' }));
  });
});
