import { describe, expect, it } from 'vitest';
import { OrderInput } from '../../../../src/core/model/index.js';
import { mapOrder, parseGetOrderResponse, parseOrdersPage } from '../../../../src/connectors/orders/yandex-market/index.js';
import { toMinorUnits } from '../../../../src/core/money.js';
import { moscowTime } from '../../../../src/connectors/orders/yandex-market/orders.js';
import { Order } from '../../../../src/connectors/orders/yandex-market/api.js';
import { CAMPAIGN, fixtureJson } from './helpers.js';

describe('yandex-market order mapping', () => {
  it('maps the getOrders sample to canonical orders', () => {
    const { orders, nextPageToken } = parseOrdersPage(fixtureJson('get-orders.response.json'), 'ym-main', CAMPAIGN);
    expect(nextPageToken).toBeUndefined();
    expect(orders).toHaveLength(2);
    const [a, b] = orders;
    expect(a).toMatchObject({
      source: 'ym-main',
      externalId: '12345',
      currency: 'RUB',
      customer: { name: 'Покупатель Яндекс Маркета' },
      delivery: { address: { country: 'RU', city: 'Москва', region: 'Москва и Московская область' } },
      payment: { method: 'prepaid' },
      lines: [
        { sku: '100423035876', name: '100423035876', qty: 1, price: 120000, externalIds: { marketItemId: '6789' } },
        { sku: '100556386844', qty: 1, price: 220000, externalIds: { marketItemId: '1011' } },
      ],
      sourceData: {
        platform: 'yandex-market',
        campaignId: CAMPAIGN,
        status: 'PROCESSING',
        substatus: 'READY_TO_SHIP',
        hubStatus: 'new',
        paymentMethod: 'YANDEX',
        createdAt: '2019-12-10T11:42:14+03:00',
        shipmentIds: ['90141'],
        buyerContactHidden: true,
        subsidies: [{ itemId: '6789', amount: 30000 }],
      },
    });
    expect(a!.deliveryPrice).toBeUndefined();
    expect(b).toMatchObject({
      externalId: '12346',
      payment: { method: 'cod' },
      lines: [
        { sku: '100321105577', qty: 1, price: 2890000 },
        { sku: '1717160460', qty: 1, price: 190000 },
      ],
      sourceData: { substatus: 'STARTED', paymentMethod: 'CARD_ON_DELIVERY', deliveryType: 'PICKUP' },
    });
    // Every mapped order passes the canonical schema the hub validates with.
    for (const o of orders) expect(OrderInput.safeParse(o).success).toBe(true);
  });

  it('maps GET order (the same OrderDTO wrapped in {order})', () => {
    const o = parseGetOrderResponse(fixtureJson('get-order.response.json'), 'ym-main', CAMPAIGN);
    expect(o.externalId).toBe('12345');
    expect(o.lines.map((l) => [l.sku, l.price])).toEqual([['100423035876', 120000], ['100556386844', 220000]]);
  });

  it('maps an order with names, an address and a delivery price (legacy accept order shape)', () => {
    const wire = Order.parse(fixtureJson('legacy-push-accept.request.json').order);
    const o = mapOrder(wire, 'ym-main', CAMPAIGN);
    expect(o).toMatchObject({
      externalId: '12345',
      currency: 'RUB',
      deliveryPrice: 10000,
      delivery: { address: { country: 'RU', city: 'Москва', region: 'Москва и Московская область', postcode: '119313', line: 'Ленинский проспект, д. 90' } },
      lines: [
        { sku: '4609283881', name: 'Чайник электрический 100 W', qty: 1, price: 120000 },
        { sku: '4607632101', name: 'Тостер', qty: 1, price: 220000 },
      ],
    });
    expect(OrderInput.safeParse(o).success).toBe(true);
  });

  it('takes shopSku when an older payload has no offerId, and the buyer and phone when Market gives them (DBS)', () => {
    const wire = Order.parse({
      id: 7,
      currency: 'RUR',
      paymentType: 'POSTPAID',
      deliveryTotal: '349.90',
      buyer: { lastName: 'Иванов', firstName: 'Иван', type: 'PERSON' },
      delivery: { address: { country: 'Россия', city: 'Казань', street: 'Баумана', house: '1', apartment: '5', phone: '+79161234567' } },
      items: [{ id: 1, shopSku: 'SKU-OLD', offerName: 'Кружка', count: 3, price: 199.99, buyerPrice: 199.99, subsidies: [{ type: 'DISCOUNT', amount: 10.5 }] }],
    });
    const o = mapOrder(wire, 'ym', CAMPAIGN);
    expect(o.customer).toEqual({ name: 'Иванов Иван', phone: '+79161234567' });
    expect(o.deliveryPrice).toBe(34990);
    expect(o.lines[0]).toMatchObject({ sku: 'SKU-OLD', qty: 3, price: 19999 });
    expect(o.delivery.address.line).toBe('Баумана, д. 1, кв. 5');
    expect(o.sourceData).toMatchObject({ buyerContactHidden: false, subsidies: [{ itemId: '1', amount: 1050 }] });
  });

  it('refuses a malformed body as bad_response', () => {
    expect(() => parseGetOrderResponse({ order: { id: 1, items: [] } }, 'ym', CAMPAIGN)).toThrow(expect.objectContaining({ code: 'bad_response' }));
    expect(() => parseOrdersPage({ result: [] }, 'ym', CAMPAIGN)).toThrow(expect.objectContaining({ code: 'bad_response' }));
    const noSku = Order.parse({ id: 2, items: [{ count: 1, price: 10 }] });
    expect(() => mapOrder(noSku, 'ym', CAMPAIGN)).toThrow(/neither offerId nor shopSku/);
    const badPrice = Order.parse({ id: 3, items: [{ offerId: 'A', count: 1, price: '12,3,4' }] });
    expect(() => mapOrder(badPrice, 'ym', CAMPAIGN)).toThrow(expect.objectContaining({ code: 'bad_response' }));
  });

  it('converts roubles to kopecks without float errors', () => {
    const table: [number | string, number | undefined][] = [
      [1200, 120000], ['30800', 3080000], [0.29, 29], [4.35, 435], [1.15, 115], [19.99, 1999], [1234.56, 123456],
      ['1234,5', 123450], ['0.1', 10], ['1.005', 101], [-5.5, -550], ['7.', 700],
      ['abc', undefined], ['', undefined], [1e21, undefined], [Number.NaN, undefined], ['1e3', undefined],
    ];
    for (const [input, want] of table) expect([input, toMinorUnits(input)]).toEqual([input, want]);
  });

  it('reads Market dates as Moscow time', () => {
    expect(moscowTime('10-12-2019 11:42:14')).toBe('2019-12-10T11:42:14+03:00');
    expect(moscowTime('11-12-2019')).toBe('2019-12-11T00:00:00+03:00');
    expect(moscowTime('2019-12-10')).toBeUndefined();
  });
});
