import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  createRetailCrmAdapter,
  toCalculateResult,
  toQuoteRequest,
  type BookingIntent,
  type DeliveryHub,
} from '../../../../src/connectors/crm/retailcrm/index.js';
import { CalculatePayload } from '../../../../src/connectors/crm/retailcrm/api.js';
import { ConflictError, ConnectorError } from '../../../../src/core/errors.js';
import type { InboundRequest } from '../../../../src/core/connectors/contract.js';
import type { QuoteOption, QuoteRequest } from '../../../../src/core/model/index.js';
import { useMsw } from '../../../helpers/msw.js';
import { API, API_KEY, CLIENT_ID, config, deps, fixtureJson, fixtureText } from './helpers.js';

const server = useMsw();

/** What retailCRM POSTs: form-encoded `clientId` and the action's JSON. */
function post(action: string, json: string, clientId: string | null = CLIENT_ID): InboundRequest {
  const form = new URLSearchParams();
  if (clientId !== null) form.set('clientId', clientId);
  form.set(action, json);
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, query: {}, body: form.toString() };
}
const getReq = (query: Record<string, string>): InboundRequest => ({ method: 'GET', headers: {}, query, body: '' });

const OPTIONS: QuoteOption[] = [
  {
    connectorId: 'cdek-main', carrier: 'CDEK', service: '136', serviceName: 'Посылка склад-склад', deliveryType: 'pickup_point',
    price: { amount: 31050, currency: 'RUB' }, days: { min: 2, max: 3 },
    dates: { shipOn: '2026-11-24', from: '2026-11-26', to: '2026-11-27' }, codAvailable: true, warehouseId: 'msk',
  },
  {
    connectorId: 'own-couriers', carrier: 'Свои курьеры', service: 'spb-door', serviceName: 'До двери', deliveryType: 'door',
    price: { amount: 49900, currency: 'RUB' }, days: { min: 1, max: 1 },
    dates: { shipOn: '2026-11-24', from: '2026-11-25', to: '2026-11-25' }, codAvailable: true, warehouseId: 'msk',
  },
];

function hub(over: Partial<DeliveryHub> = {}): DeliveryHub & { quotes: QuoteRequest[]; bookings: BookingIntent[] } {
  const quotes: QuoteRequest[] = [];
  const bookings: BookingIntent[] = [];
  return {
    quotes,
    bookings,
    quote: async (q) => { quotes.push(q); return { options: OPTIONS, errors: [] }; },
    book: async (b) => { bookings.push(b); return { shipmentId: 'shp_01jf9a2b3c', status: 'booking' }; },
    shipment: async () => null,
    cancel: async () => undefined,
    ...over,
  };
}

describe('retailcrm calculate', () => {
  it('maps the documented payload to a hub quote: city, postcode, grams, mm → cm, roubles → kopecks', () => {
    const q = toQuoteRequest(CalculatePayload.parse(fixtureJson('callback-calculate.request.json')), config());
    expect(q).toEqual({
      destination: { country: 'RU', region: 'Санкт-Петербург', city: 'Санкт-Петербург', postcode: '190000', line: 'Невский пр-т, д. 28, кв. 12' },
      parcels: [{ weight: 1200, length: 40, width: 30, height: 15 }],
      declaredValue: 250000,
      currency: 'RUB',
      timeoutMs: 3000,
    });
  });

  it('uses the default parcel when retailCRM sends no packages or no sizes', () => {
    const q = toQuoteRequest(CalculatePayload.parse({ deliveryAddress: { city: 'Казань' }, packages: [{ weight: 0 }] }), config());
    expect(q.destination).toEqual({ country: 'RU', city: 'Казань' });
    expect(q.parcels).toEqual([{ weight: 1000, length: 20, width: 15, height: 10 }]);
    expect(toQuoteRequest(CalculatePayload.parse({ deliveryAddress: { city: 'Казань' } }), config()).parcels).toHaveLength(1);
  });

  it('maps hub options to calculate result items', () => {
    expect(toCalculateResult(OPTIONS)).toEqual([
      { code: 'cdek-main:136', group: 'CDEK', name: 'CDEK: Посылка склад-склад', type: 'selfDelivery', description: 'Доставка 2026-11-26 – 2026-11-27, отгрузка 2026-11-24', cost: 310.5, minTerm: 2, maxTerm: 3 },
      { code: 'own-couriers:spb-door', group: 'Свои курьеры', name: 'Свои курьеры: До двери', type: 'courier', description: 'Доставка 2026-11-25, отгрузка 2026-11-24', cost: 499, minTerm: 1, maxTerm: 1 },
    ]);
  });

  it('answers the form-encoded callback with {success, result} from the quote engine', async () => {
    const h = hub();
    const reply = await createRetailCrmAdapter(config(), deps()).handleCallback('calculate', post('calculate', fixtureText('callback-calculate.request.json')), h);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ success: true, result: [{ code: 'cdek-main:136', cost: 310.5 }, { code: 'own-couriers:spb-door', type: 'courier' }] });
    expect(h.quotes[0]!.destination.city).toBe('Санкт-Петербург');
  });

  it('no tariffs because every courier failed is a failure naming them; none at all is an empty list', async () => {
    const failed = hub({ quote: async () => ({ options: [], errors: [{ connectorId: 'cdek-main', code: 'timeout', message: 'CDEK timed out' }] }) });
    const a = createRetailCrmAdapter(config(), deps());
    expect((await a.handleCallback('calculate', post('calculate', fixtureText('callback-calculate.request.json')), failed)).body).toEqual({ success: false, errorMsg: 'Нет тарифов: cdek-main: CDEK timed out' });
    const none = hub({ quote: async () => ({ options: [], errors: [] }) });
    expect((await a.handleCallback('calculate', post('calculate', fixtureText('callback-calculate.request.json')), none)).body).toEqual({ success: true, result: [] });
  });

  it('answers 400 {success:false} for a missing city, bad JSON or a missing field', async () => {
    const a = createRetailCrmAdapter(config(), deps());
    const noCity = await a.handleCallback('calculate', post('calculate', JSON.stringify({ deliveryAddress: { countryIso: 'RU' } })), hub());
    expect(noCity).toMatchObject({ status: 400, body: { success: false, errorMsg: expect.stringContaining('deliveryAddress.city') } });
    expect(await a.handleCallback('calculate', post('calculate', '{oops'), hub())).toMatchObject({ status: 400, body: { errorMsg: 'Parameter "calculate" must be JSON' } });
    expect(await a.handleCallback('calculate', post('save', '{}'), hub())).toMatchObject({ status: 400, body: { errorMsg: expect.stringContaining('"calculate" is required') } });
    expect(await a.handleCallback('calculate', post('calculate', JSON.stringify({ packages: 'x' })), hub())).toMatchObject({ status: 400, body: { errorMsg: expect.stringContaining('packages') } });
  });
});

describe('retailcrm callback clientId', () => {
  it('refuses a missing or wrong clientId with 401 before doing anything', async () => {
    const quote = vi.fn();
    const a = createRetailCrmAdapter(config(), deps());
    for (const id of [null, 'wrong', `${CLIENT_ID}x`, '']) {
      const reply = await a.handleCallback('calculate', post('calculate', fixtureText('callback-calculate.request.json'), id), hub({ quote }));
      expect(reply).toEqual({ status: 401, body: { success: false, errorMsg: 'Unknown clientId' } });
    }
    expect(quote).not.toHaveBeenCalled();
    expect(a.authorizeCallback(post('calculate', '{}'))).toBe(true);
    expect(a.authorizeCallback(getReq({ clientId: CLIENT_ID, deliveryId: '1' }))).toBe(true);
    expect(a.authorizeCallback(getReq({ clientId: 'nope' }))).toBe(false);
  });

  it('refuses every callback when no callbackSecret is configured', async () => {
    const a = createRetailCrmAdapter(config({ callbackSecret: undefined }), deps());
    expect(a.authorizeCallback(post('calculate', '{}'))).toBe(false);
    expect((await a.handleCallback('get', getReq({ clientId: CLIENT_ID, deliveryId: 'x' }), hub())).status).toBe(401);
  });
});

describe('retailcrm save', () => {
  it('resolves the retailCRM order to the hub order id and books the chosen tariff', async () => {
    const lookups: { path: string; query: Record<string, string>; key: string | null }[] = [];
    server.use(http.get(`${API}/orders/:id`, ({ request }) => {
      const url = new URL(request.url);
      lookups.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), key: request.headers.get('x-api-key') });
      return HttpResponse.json(fixtureJson('orders-get.response.json'));
    }));
    const h = hub();
    const reply = await createRetailCrmAdapter(config(), deps()).handleCallback('save', post('save', fixtureText('callback-save.request.json')), h);
    expect(reply).toEqual({ status: 200, body: { success: true, result: { deliveryId: 'shp_01jf9a2b3c', status: 'booking' } } });
    expect(lookups).toEqual([{ path: '/api/v5/orders/7351', query: { by: 'id', site: 'shop-main' }, key: API_KEY }]);
    expect(h.bookings).toEqual([{
      orderExternalId: 'ord_01jf8z6x5k3q',
      connectorId: 'cdek-main',
      service: '136',
      pickupPointCode: 'SPB-123',
      parcels: [{ weight: 1200, length: 40, width: 30, height: 15 }],
      codAmount: 285000,
      payerType: 'receiver',
    }]);
  });

  it('passes the track number and cost back when the hub knows them; an edit carries the shipment id', async () => {
    server.use(http.get(`${API}/orders/:id`, () => HttpResponse.json(fixtureJson('orders-get.response.json'))));
    const h = hub({ book: async (b) => { h.bookings.push(b); return { shipmentId: b.shipmentId!, trackNumber: '1234567890', cost: 31050, status: 'booked' }; } });
    const payload = { ...fixtureJson('callback-save.request.json'), deliveryId: 'shp_01jf9a2b3c' };
    const reply = await createRetailCrmAdapter(config(), deps()).handleCallback('save', post('save', JSON.stringify(payload)), h);
    expect(reply.body).toEqual({ success: true, result: { deliveryId: 'shp_01jf9a2b3c', trackNumber: '1234567890', cost: 310.5, status: 'booked' } });
    expect(h.bookings[0]!.shipmentId).toBe('shp_01jf9a2b3c');
  });

  it('refuses a tariff the hub did not offer, and an order the hub did not push', async () => {
    const a = createRetailCrmAdapter(config(), deps());
    const payload = fixtureJson('callback-save.request.json');
    payload.delivery.tariff = 'courier';
    expect(await a.handleCallback('save', post('save', JSON.stringify(payload)), hub())).toMatchObject({ status: 400, body: { errorMsg: expect.stringContaining("tariff 'courier'") } });
    server.use(http.get(`${API}/orders/:id`, () => HttpResponse.json({ success: true, order: { id: 7351, number: '7351A' } })));
    expect(await a.handleCallback('save', post('save', fixtureText('callback-save.request.json')), hub())).toMatchObject({ status: 400, body: { errorMsg: expect.stringContaining('7351A') } });
    server.use(http.get(`${API}/orders/:id`, () => HttpResponse.json(fixtureJson('not-found.response.json'), { status: 404 })));
    expect(await a.handleCallback('save', post('save', fixtureText('callback-save.request.json')), hub())).toMatchObject({ status: 404 });
  });

  it('a retailCRM outage during the lookup is a 503 for retailCRM to retry; a hub bug stays generic', async () => {
    server.use(http.get(`${API}/orders/:id`, () => new HttpResponse('down', { status: 500 })));
    const a = createRetailCrmAdapter(config(), deps());
    expect(await a.handleCallback('save', post('save', fixtureText('callback-save.request.json')), hub())).toMatchObject({ status: 503, body: { success: false } });
    server.use(http.get(`${API}/orders/:id`, () => HttpResponse.json(fixtureJson('orders-get.response.json'))));
    const boom = hub({ book: async () => { throw new TypeError('secret internals'); } });
    const reply = await a.handleCallback('save', post('save', fixtureText('callback-save.request.json')), boom);
    expect(reply).toEqual({ status: 500, body: { success: false, errorMsg: 'Internal error of the Svyazka hub; try again later' } });
  });
});

describe('retailcrm get and delete', () => {
  it('get answers the shipment: track number, cost, tariff, status with a retailCRM timestamp', async () => {
    const seen: string[] = [];
    const h = hub({
      shipment: async (id) => {
        seen.push(id);
        return { shipmentId: id, status: 'in_transit', updatedAt: '2026-11-25T08:15:30.123Z', trackNumber: '1234567890', cost: 31050, connectorId: 'cdek-main', service: '136', serviceName: 'Посылка склад-склад', message: 'Принят на сортировке' };
      },
    });
    const reply = await createRetailCrmAdapter(config(), deps()).handleCallback('get', getReq({ clientId: CLIENT_ID, deliveryId: 'shp_01jf9a2b3c' }), h);
    expect(seen).toEqual(['shp_01jf9a2b3c']);
    expect(reply).toEqual({
      status: 200,
      body: {
        success: true,
        result: {
          trackNumber: '1234567890',
          cost: 310.5,
          tariff: 'cdek-main:136',
          tariffName: 'Посылка склад-склад',
          status: { code: 'in_transit', updatedAt: '2026-11-25T08:15:30+00:00', comment: 'Принят на сортировке' },
        },
      },
    });
  });

  it('get: unknown statuses become "unknown"; a missing shipment is 404; no deliveryId is 400', async () => {
    const a = createRetailCrmAdapter(config(), deps());
    const odd = hub({ shipment: async (id) => ({ shipmentId: id, status: 'weird' }) });
    expect((await a.handleCallback('get', getReq({ clientId: CLIENT_ID, deliveryId: 'x' }), odd)).body).toEqual({ success: true, result: { status: { code: 'unknown' } } });
    expect(await a.handleCallback('get', getReq({ clientId: CLIENT_ID, deliveryId: 'x' }), hub())).toMatchObject({ status: 404, body: { errorMsg: "Delivery 'x' not found" } });
    expect(await a.handleCallback('get', getReq({ clientId: CLIENT_ID }), hub())).toMatchObject({ status: 400 });
  });

  it('delete cancels the shipment; a hub refusal (409) keeps its text', async () => {
    const cancelled: string[] = [];
    const a = createRetailCrmAdapter(config(), deps());
    const reply = await a.handleCallback('delete', post('delete', fixtureText('callback-delete.request.json')), hub({ cancel: async (id) => { cancelled.push(id); } }));
    expect(reply).toEqual({ status: 200, body: { success: true } });
    expect(cancelled).toEqual(['shp_01jf9a2b3c']);
    const refuse = hub({ cancel: async () => { throw new ConflictError('illegal_transition', 'the shipment is already in transit'); } });
    expect(await a.handleCallback('delete', post('delete', fixtureText('callback-delete.request.json')), refuse)).toEqual({ status: 400, body: { success: false, errorMsg: 'the shipment is already in transit' } });
    const courierDown = hub({ cancel: async () => { throw new ConnectorError('provider_error', 'CDEK answered HTTP 502'); } });
    expect(await a.handleCallback('delete', post('delete', fixtureText('callback-delete.request.json')), courierDown)).toMatchObject({ status: 503, body: { errorMsg: expect.stringContaining('CDEK answered HTTP 502') } });
  });
});
