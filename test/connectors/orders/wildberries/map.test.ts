import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cityOf, HIDDEN_BUYER_NAME, UNKNOWN_CITY } from '../../../../src/connectors/orders/wildberries/map.js';
import { mapPage, parseListResponse, parseNewResponse, parseStatusResponse, toStatusRequests } from '../../../../src/connectors/orders/wildberries/orders.js';
import { hubStatusOf } from '../../../../src/connectors/orders/wildberries/status.js';
import { currencyOf } from '../../../../src/connectors/orders/wildberries/currency.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../../fixtures/orders/wildberries/${name}`, import.meta.url), 'utf8'));
const ctx = { source: 'wb-main', defaultCountry: 'RU', warehouseMap: { '658434': 'msk-1' } };

describe('wildberries status table', () => {
  it('lets wbStatus decide, then supplierStatus', () => {
    expect(hubStatusOf('new', 'waiting')).toBe('new');
    expect(hubStatusOf('confirm', 'waiting')).toBe('new');
    expect(hubStatusOf('complete', 'waiting')).toBe('in_transit');
    expect(hubStatusOf('complete', 'sorted')).toBe('in_transit');
    expect(hubStatusOf('complete', 'sold')).toBe('delivered');
    expect(hubStatusOf('cancel', 'waiting')).toBe('cancelled');
    expect(hubStatusOf('new', 'declined_by_client')).toBe('cancelled');
    expect(hubStatusOf('complete', 'canceled_by_client')).toBe('returned');
    expect(hubStatusOf(undefined, undefined)).toBe('unknown');
    expect(hubStatusOf('brand_new', 'mystery')).toBe('unknown');
  });

  it('knows the numeric currency codes WB sends', () => {
    expect(currencyOf(643)).toBe('RUB');
    expect(currencyOf(933)).toBe('BYN');
    expect(currencyOf(398)).toBe('KZT');
    expect(currencyOf(999)).toBeUndefined();
  });
});

describe('wildberries order mapping', () => {
  it('maps the /api/v3/orders/new sample: article as SKU, WB ids beside it, seller-currency kopecks', () => {
    const raw = parseNewResponse(fixture('orders-new.response.json'));
    const { orders, rejected } = mapPage(raw, [{ id: 13833711, supplierStatus: 'new', wbStatus: 'waiting' }], ctx);
    expect(rejected).toEqual([]);
    const o = orders[0]!;
    expect(o).toMatchObject({
      source: 'wb-main',
      externalId: '13833711',
      currency: 'RUB',
      customer: { name: HIDDEN_BUYER_NAME },
      delivery: { address: { country: 'RU', city: UNKNOWN_CITY, line: 'Chelyabinsk Region, Chelyabinsk, 51st Arabkir Street, Building 10A, Apartment 42' } },
      payment: { method: 'prepaid' },
      comment: 'Упакуйте в плёнку, пожалуйста',
    });
    // convertedPrice 28322 kopecks in RUB (643); the BYN sale price stays in sourceData
    expect(o.lines).toEqual([{ sku: 'one-ring-7548', name: 'one-ring-7548', qty: 1, price: 28322, externalIds: { nmId: '123456789', chrtId: '987654321', skus: '6665956397512' } }]);
    expect(o.sourceData).toMatchObject({
      supplierStatus: 'new',
      wbStatus: 'waiting',
      hubStatus: 'new',
      warehouseId: '658434',
      hubWarehouse: 'msk-1',
      officeId: '123',
      orderUid: '165918930_629fbc924b984618a44354475ca58675',
      rid: 'f884001e44e511edb8780242ac120002',
      prices: { price: 1014, currency: 'BYN', convertedPrice: 28322, convertedCurrency: 'RUB', salePrice: 504600 },
    });
  });

  it('maps the /api/v3/orders item and takes the city from a Russian address', () => {
    const page = parseListResponse(fixture('orders.response.json'));
    expect(page.next).toBe(13833711);
    const { orders } = mapPage(page.orders, [], { ...ctx, warehouseMap: {} });
    const o = orders[0]!;
    expect(o.delivery.address).toMatchObject({ city: 'Челябинск', line: 'Челябинская область, г. Челябинск, 51-я улица Арабкира, д. 10А, кв. 42' });
    expect(o.lines[0]!.externalIds).toEqual({ nmId: '12345678', chrtId: '987654321', skus: '6665956397512' });
    expect(o.sourceData).toMatchObject({ hubStatus: 'unknown', supplierStatus: null, hubWarehouse: null, supplyId: 'WB-GI-92937123' });
  });

  it('falls back to the sale price when there is no converted one', () => {
    const item = { ...fixture('orders.response.json').orders[0], convertedPrice: null, convertedCurrencyCode: null, price: 150000, currencyCode: 643 };
    const o = mapPage([item], [], ctx).orders[0]!;
    expect(o.lines[0]!.price).toBe(150000);
    expect(o.currency).toBe('RUB');
  });

  it('rejects what it cannot map, with a reason, and keeps the rest', () => {
    const good = fixture('orders.response.json').orders[0];
    const { orders, rejected } = mapPage(
      [good, { ...good, id: 2, convertedCurrencyCode: 999 }, { ...good, id: 3, article: '' }, { ...good, id: 4, price: null, convertedPrice: null }],
      [],
      ctx,
    );
    expect(orders.map((o) => o.externalId)).toEqual(['13833711']);
    expect(rejected.map((r) => r.externalId)).toEqual(['2', '3', '4']);
    expect(rejected[0]!.reason).toContain('999');
    expect(rejected[1]!.reason).toContain('article');
    expect(rejected[2]!.reason).toContain('no price');
  });

  it('reads the status answer and batches status requests by 1000', () => {
    expect(parseStatusResponse(fixture('orders-status.response.json'))).toMatchObject([{ id: 5632423, supplierStatus: 'new', wbStatus: 'waiting' }]);
    const ids = Array.from({ length: 2500 }, (_, i) => i + 1);
    expect(toStatusRequests(ids).map((b) => b.orders.length)).toEqual([1000, 1000, 500]);
    expect(() => parseStatusResponse({ statuses: [] })).toThrow(expect.objectContaining({ code: 'bad_response' }));
  });

  it('finds a city only where the address names one', () => {
    expect(cityOf('Московская обл., г. Химки, ул. Ленина, 1')).toBe('Химки');
    expect(cityOf('город Казань, ул. Баумана')).toBe('Казань');
    expect(cityOf('Chelyabinsk Region, Chelyabinsk')).toBeUndefined();
    expect(cityOf(undefined)).toBeUndefined();
  });
});
